import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/index.ts";
import { createKibanaAdapters } from "../../../src/sync/clients/kibana-adapter.ts";
import { createKibanaClient, describeKibanaLocation } from "../../../src/sync/clients/kibana-client.ts";
import { isRetryable, TargetHttpError } from "../../../src/sync/clients/http-errors.ts";
import { startKibanaContractServer, type StartedKibanaContractServer } from "../../contract/kibana-contract-server.ts";
import { makeDetection } from "../../targets/elastic/fixtures.ts";
import { connectAdapter, desiredOf } from "./kibana-test-kit.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

const PASSWORD = "s3cr3t-Pa55word";
const API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

async function rejectionOf(p: Promise<unknown>): Promise<TargetHttpError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetHttpError);
  return err as TargetHttpError;
}

describe("Kibana client (contract): transport, auth, faults", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  let server: StartedKibanaContractServer;
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  it("sends kbn-xsrf, elastic-api-version and basic auth; the server accepts the headers", async () => {
    server = await startKibanaContractServer({ basic: { username: "dac", password: PASSWORD } });
    const [adapter] = createKibanaAdapters({ url: server.url, auth: { kind: "basic", username: "dac", password: new Secret(PASSWORD, "DAC_PASSWORD") } });
    await adapter!.create(desiredOf(makeDetection()));
    const write = server.requests.find((r) => r.method === "POST");
    expect(write?.headers["kbn-xsrf"]).toBeDefined();
    expect(write?.headers["elastic-api-version"]).toBe("2023-10-31");
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  it("authenticates with an API key", async () => {
    server = await startKibanaContractServer({ apiKey: API_KEY });
    const [adapter] = createKibanaAdapters({ url: server.url, auth: { kind: "api-key", apiKey: new Secret(API_KEY, "DAC_API_KEY") } });
    expect((await adapter!.readLive()).managed).toEqual([]);
  });

  it("fails on 401 without retrying, quoting Kibana, and never shows the secret", async () => {
    server = await startKibanaContractServer({ basic: { username: "dac", password: "the-right-one" } });
    const { adapter, sleeps } = connectAdapter(server, { auth: { kind: "basic", username: "dac", password: new Secret(PASSWORD, "DAC_PASSWORD") } });
    const err = await rejectionOf(adapter.create(desiredOf(makeDetection({ exceptions: [] }))));
    expect(err.status).toBe(401);
    expect(err.ruleId).toBe("psexec-service-install");
    expect(err.message).toContain("create rule psexec-service-install");
    expect(err.message).toContain('"[security_exception]: unable to authenticate user"');
    expect(isRetryable(err)).toBe(false);
    expect(sleeps).toEqual([]);
    for (const text of [err.message, String(err.stack), JSON.stringify(err), adapter.location]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`dac:${PASSWORD}`).toString("base64"));
    }
  });

  it("keeps credentials embedded in the URL out of location and errors", async () => {
    server = await startKibanaContractServer({ basic: { username: "dac", password: PASSWORD } });
    const url = server.url.replace("http://", `http://dac:${PASSWORD}@`);
    const client = createKibanaClient({ url, space: "soc" });
    expect(client.location).toBe(`${server.url} (space soc)`);
    server.injectFault({ operationId: "FindRules", status: 400, message: "bad filter" });
    const err = await rejectionOf(client.request({ method: "GET", path: "/api/detection_engine/rules/_find", action: "read", subject: "rules" }));
    expect(err.message).toContain('"bad filter"');
    expect(err.message).not.toContain(PASSWORD);
  });

  it("retries 429 honouring Retry-After, and 503 with exponential backoff", async () => {
    server = await startKibanaContractServer();
    const { adapter, sleeps } = connectAdapter(server, { backoffMs: 100 });
    server.injectFault({ operationId: "CreateRule", status: 429, retryAfterSeconds: 3, message: "Too Many Requests" });
    server.injectFault({ operationId: "CreateExceptionList", status: 503, times: 2, message: "Kibana is not ready" });
    await adapter.create(desiredOf(makeDetection()));
    expect(sleeps).toEqual([100, 200, 3000]);
    expect(server.state.space("default").rules.get("psexec-service-install")?.enabled).toBe(true);
  });

  it("gives up after the retry budget with a retryable TargetHttpError naming the attempts", async () => {
    server = await startKibanaContractServer();
    const { adapter, sleeps } = connectAdapter(server, { retries: 2, backoffMs: 10 });
    server.injectFault({ operationId: "UpdateRule", status: 500, times: 10, message: "An internal server error occurred" });
    await adapter.create(desiredOf(makeDetection({ exceptions: [] })));
    const [live] = (await adapter.readLive()).managed;
    const err = await rejectionOf(adapter.update(desiredOf(makeDetection({ name: "renamed", exceptions: [] })), live!));
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/update rule psexec-service-install on http:\/\/127\.0\.0\.1:\d+ failed after 3 attempts: PUT \/api\/detection_engine\/rules returned HTTP 500: "An internal server error occurred"/);
    expect(isRetryable(err)).toBe(true);
    expect(sleeps).toEqual([10, 20]);
  });

  it("surfaces a 409 it cannot resolve (item conflict on update) with Kibana's message", async () => {
    server = await startKibanaContractServer();
    server.injectFault({ operationId: "CreateExceptionList", status: 409, message: 'exception list id: "x" already exists' });
    server.injectFault({ operationId: "UpdateExceptionList", status: 409, message: "version conflict" });
    const [adapter] = createKibanaAdapters({ url: server.url }, { retries: 0 });
    const err = await rejectionOf(adapter!.create(desiredOf(makeDetection())));
    expect(err.status).toBe(409);
    expect(err.message).toContain('update exception list psexec-service-install--exceptions');
    expect(err.message).toContain('"version conflict"');
    expect(server.state.space("default").rules.size).toBe(0);
  });

  it("reports network failures as retryable status-0 errors", async () => {
    server = await startKibanaContractServer();
    const client = createKibanaClient({ url: "http://127.0.0.1:9", retries: 1, sleep: async () => undefined });
    const err = await rejectionOf(client.request({ method: "GET", path: "/api/detection_engine/rules/_find", action: "read", subject: "rules" }));
    expect(err.status).toBe(0);
    expect(isRetryable(err)).toBe(true);
    expect(err.message).toContain("after 2 attempts");
  });

  it("deploys two spaces independently, each under its /s/<space> prefix", async () => {
    server = await startKibanaContractServer();
    const [soc, dev] = createKibanaAdapters({ url: server.url, spaces: ["soc", "dev"] });
    expect(soc!.location).toBe(`${server.url} (space soc)`);
    await soc!.create(desiredOf(makeDetection()));
    expect((await dev!.readLive()).managed).toEqual([]);
    await dev!.create(desiredOf(makeDetection({ name: "dev copy", exceptions: [] })));
    expect(server.state.space("soc").rules.get("psexec-service-install")?.name).toBe("PsExec service installed");
    expect(server.state.space("dev").rules.get("psexec-service-install")?.name).toBe("dev copy");
    expect(server.state.space("default").rules.size).toBe(0);
    expect(server.requests.filter((r) => r.space === "soc").length).toBeGreaterThan(0);
    const [socLive] = (await soc!.readLive()).managed;
    await soc!.delete(socLive!);
    expect((await dev!.readLive()).managed).toHaveLength(1);
  });
});

describe("describeKibanaLocation", () => {
  it("labels locations without credentials", () => {
    expect(describeKibanaLocation("https://user:pw@kibana.example:5601/", "default")).toBe("https://kibana.example:5601");
    expect(describeKibanaLocation("https://kibana.example:5601/base/", "soc")).toBe("https://kibana.example:5601/base (space soc)");
  });
});
