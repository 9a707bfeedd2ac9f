import { Client } from "@elastic/elasticsearch";
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/index.ts";
import { previewDetectionOnKibana } from "../../../src/replay/kibana-preview.ts";
import { createKibanaAdapters } from "../../../src/sync/clients/kibana-adapter.ts";
import { createKibanaClient } from "../../../src/sync/clients/kibana-client.ts";
import { applyPlan, planChanges, planHasChanges, readLiveState } from "../../../src/sync/index.ts";
import { compileKibanaDesired } from "../../../src/targets/elastic/index.ts";
import { makeDetection } from "./fixtures.ts";

/**
 * Live check of the Elastic target against real Elasticsearch + Kibana
 * (security on, trial licence, encryption key, 1 s minimum rule interval).
 * Run by .github/workflows/elastic-live.yml with
 * `npx vitest run --config vitest.live.config.ts`; it needs Docker and
 * docker.elastic.co, which the development machines do not have.
 * Verifies what the contract tests cannot: that Kibana accepts the bodies,
 * that a deploy re-plans as empty (normalization complete) and that preview
 * replay finds alerts.
 */
const VERSION = process.env.DAC_ELASTIC_VERSION ?? "8.18.0";
const PASSWORD = "dac-live-elastic-pw";
const KIBANA_SYSTEM_PASSWORD = "dac-live-kibana-pw";

const KIBANA_YML = `
server.host: "0.0.0.0"
elasticsearch.hosts: ["http://elasticsearch:9200"]
elasticsearch.username: "kibana_system"
elasticsearch.password: "${KIBANA_SYSTEM_PASSWORD}"
xpack.encryptedSavedObjects.encryptionKey: "dac-live-encryption-key-0123456789abcdef"
xpack.alerting.rules.minimumScheduleInterval.value: "1s"
xpack.task_manager.poll_interval: 1000
`;

describe("Elastic target on a live Kibana", () => {
  let network: StartedNetwork;
  let es: StartedTestContainer;
  let kibana: StartedTestContainer;
  let esUrl: string;
  let kibanaUrl: string;
  const auth = { kind: "basic" as const, username: "elastic", password: new Secret(PASSWORD, "DAC_LIVE_PASSWORD") };

  beforeAll(async () => {
    network = await new Network().start();
    es = await new GenericContainer(`docker.elastic.co/elasticsearch/elasticsearch:${VERSION}`)
      .withNetwork(network)
      .withNetworkAliases("elasticsearch")
      .withExposedPorts(9200)
      .withEnvironment({
        "discovery.type": "single-node",
        "xpack.security.enabled": "true",
        "xpack.security.http.ssl.enabled": "false",
        "xpack.license.self_generated.type": "trial",
        ELASTIC_PASSWORD: PASSWORD,
        ES_JAVA_OPTS: "-Xms1g -Xmx1g",
      })
      .withWaitStrategy(Wait.forHttp("/_cluster/health", 9200).withBasicCredentials("elastic", PASSWORD).forStatusCode(200))
      .withStartupTimeout(300_000)
      .start();
    esUrl = `http://${es.getHost()}:${es.getMappedPort(9200)}`;
    const admin = new Client({ node: esUrl, auth: { username: "elastic", password: PASSWORD } });
    await admin.security.changePassword({ username: "kibana_system", password: KIBANA_SYSTEM_PASSWORD });
    kibana = await new GenericContainer(`docker.elastic.co/kibana/kibana:${VERSION}`)
      .withNetwork(network)
      .withExposedPorts(5601)
      .withCopyContentToContainer([{ content: KIBANA_YML, target: "/usr/share/kibana/config/kibana.yml" }])
      .withWaitStrategy(
        Wait.forHttp("/api/status", 5601)
          .withBasicCredentials("elastic", PASSWORD)
          .forResponsePredicate((body) => body.includes('"level":"available"')),
      )
      .withStartupTimeout(600_000)
      .start();
    kibanaUrl = `http://${kibana.getHost()}:${kibana.getMappedPort(5601)}`;
  });

  afterAll(async () => {
    await kibana?.stop();
    await es?.stop();
    await network?.stop();
  });

  it("has an encryption key and an authenticated user (detection engine usable)", async () => {
    const client = createKibanaClient({ url: kibanaUrl, auth });
    const privileges = await client.request<{ is_authenticated: boolean; has_encryption_key: boolean }>({
      method: "GET",
      path: "/api/detection_engine/privileges",
      action: "read",
      subject: "privileges",
    });
    expect(privileges).toMatchObject({ is_authenticated: true, has_encryption_key: true });
  });

  it("deploys, then plans no changes, in two spaces", async () => {
    const client = createKibanaClient({ url: kibanaUrl, auth });
    await client.request({ method: "POST", path: "/api/spaces/space", body: { id: "soc", name: "SOC" }, action: "create", subject: "space soc" }).catch(() => undefined);
    const detections = [makeDetection(), makeDetection({ id: "psexec-named-pipe", name: "PsExec named pipe", exceptions: [] })];
    for (const adapter of createKibanaAdapters({ url: kibanaUrl, auth, spaces: ["default", "soc"] })) {
      const desired = detections.map((d) => compileKibanaDesired(d));
      const live = await readLiveState(adapter);
      const plan = planChanges(desired, live, { prune: true, target: { kind: adapter.kind, location: adapter.location } });
      expect((await applyPlan(plan, adapter, { plannedLive: live })).failed).toBe(0);
      const again = planChanges(desired, await readLiveState(adapter), { prune: true, target: { kind: adapter.kind, location: adapter.location } });
      // If this fails, the diff names the field Kibana adds or rewrites that kibana-normalize.ts must drop.
      expect(again.changes.filter((c) => c.kind !== "noop").map((c) => ({ id: c.id, fields: c.fieldChanges }))).toEqual([]);
      expect(planHasChanges(again)).toBe(false);
    }
  });

  it("finds the seeded PsExec service install through rule preview", async () => {
    const es = new Client({ node: esUrl, auth: { username: "elastic", password: PASSWORD } });
    const now = Date.now();
    // Strings as keyword, as the Windows integration maps these fields (EQL compares keywords exactly).
    await es.indices.create({
      index: "winlogbeat-dac-live",
      mappings: { dynamic_templates: [{ strings: { match_mapping_type: "string", mapping: { type: "keyword" } } }], properties: { "@timestamp": { type: "date" } } },
    });
    await es.bulk({
      refresh: true,
      operations: [
        { create: { _index: "winlogbeat-dac-live" } },
        { "@timestamp": new Date(now - 60_000).toISOString(), event: { code: "7045", category: ["configuration"] }, service: { name: "PSEXESVC" }, host: { name: "WORKSTATION5" } },
        { create: { _index: "winlogbeat-dac-live" } },
        { "@timestamp": new Date(now - 60_000).toISOString(), event: { code: "7045", category: ["configuration"] }, service: { name: "PSEXESVC" }, host: { name: "JUMP01" } },
      ],
    });
    const detection = makeDetection({ indices: ["winlogbeat-*"] });
    const result = await previewDetectionOnKibana({ kibana: createKibanaClient({ url: kibanaUrl, auth }), elasticsearch: es }, detection, {
      timeframeEnd: new Date(now + 60_000).toISOString(),
      invocationCount: 1,
    });
    expect(result.errors).toEqual([]);
    // JUMP01 is excepted by the detection's "it-admin-hosts" exception.
    expect(result.alertsByEntity).toEqual({ WORKSTATION5: 1 });
  });
});
