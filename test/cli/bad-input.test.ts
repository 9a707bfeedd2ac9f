/**
 * The bad-input suite: every case drives the real CLI (bin/dac.js) in a fresh
 * temp project with one thing wrong, with known secrets in the environment,
 * and asserts a non-zero exit, a clear message, the location where one
 * applies, no secret in any output, nothing left behind in the project and
 * nothing written to a (loopback) cluster. Re-runnable: it needs no Docker and
 * no network beyond 127.0.0.1.
 */
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliCases, environmentCases, networkCases, secretCases, yamlCases } from "./bad-input/cases-config.ts";
import { eqlCases, fixtureCases, moduleCases } from "./bad-input/cases-detections.ts";
import { runCase, type BadInputCase } from "./bad-input/harness.ts";
import { startLoopback, type Loopback } from "./bad-input/loopback.ts";
import { SECRET_ENV, SECRETS } from "./bad-input/project.ts";

const CASES: readonly BadInputCase[] = [...eqlCases, ...moduleCases, ...fixtureCases, ...yamlCases, ...environmentCases, ...cliCases, ...networkCases, ...secretCases];
// Each case starts a Node process; a few at a time keeps a shared 2-core machine usable.
const limit = pLimit(3);
const TIMEOUT = 240_000;

let loopback: Loopback;
beforeAll(async () => {
  loopback = await startLoopback();
});
afterAll(async () => {
  await loopback.close();
});

function assertRefused(c: BadInputCase, outcome: Awaited<ReturnType<typeof runCase>>): void {
  const context = `${c.area}: ${c.name}\n--- output ---\n${outcome.output}`;
  if (c.exitCode !== undefined) expect(outcome.code, context).toBe(c.exitCode);
  else expect(outcome.code, context).not.toBe(0);
  expect(outcome.code, context).not.toBeNull(); // not killed by a signal
  expect(outcome.output, context).toMatch(c.message);
  if (c.location !== undefined) expect(outcome.output, context).toContain(c.location);
  expect(outcome.output, context).not.toMatch(/\n\s+at .*\((?:node:|file:|\/).*:\d+:\d+\)/); // no stack trace
  for (const secret of [...Object.values(SECRETS), ...Object.values(SECRET_ENV).filter((v) => v.length > 12), ...(c.secrets ?? [])]) {
    expect(outcome.output.includes(secret), `${context}\n(secret ${secret.slice(0, 3)}… printed)`).toBe(false);
  }
  expect(outcome.after, `${context}\n(files left behind or removed)`).toEqual(outcome.before);
  expect(loopback.acceptedWrites(), `${context}\n(a write reached the cluster)`).toBe(0);
}

describe("bad input is refused: non-zero exit, located message, no secret, nothing left behind", () => {
  it("has at least 80 cases across every area", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.area))).toEqual(new Set(["eql", "module", "fixture", "yaml", "environments", "cli", "network", "secrets"]));
    expect(new Set(CASES.map((c) => `${c.area}: ${c.name}`)).size).toBe(CASES.length);
  });

  it.concurrent("the base project itself is valid and its tests pass (so each case fails for its own change)", { timeout: TIMEOUT }, async () => {
    const base: BadInputCase = { area: "cli", name: "base", args: ["test", "--offline"], message: /2\/2 tests passed/ };
    const outcome = await limit(() => runCase(base, loopback.urls));
    expect(outcome.code, outcome.output).toBe(0);
    expect(outcome.output).toMatch(base.message);
  });

  // DAC_BAD_INPUT_ONLY=<regex> runs the cases whose "area: name" matches (to iterate on a few).
  const only = process.env["DAC_BAD_INPUT_ONLY"] ? new RegExp(process.env["DAC_BAD_INPUT_ONLY"]) : undefined;
  for (const c of CASES.filter((x) => only === undefined || only.test(`${x.area}: ${x.name}`))) {
    it.concurrent(`${c.area}: ${c.name}`, { timeout: TIMEOUT }, async () => {
      assertRefused(c, await limit(() => runCase(c, loopback.urls)));
    });
  }
});
