import { describe, expect, it } from "vitest";
import { TargetHttpError } from "../../../src/sync/clients/http-errors.ts";
import type { OpenSearchHttp, OpenSearchRequest } from "../../../src/sync/clients/opensearch-client.ts";
import { evaluateMonitorExecution, evaluateMonitorOnNode, nodeHasAlerting, withBucketSelector } from "../../../src/sync/clients/opensearch-evaluate.ts";
import { splitPainlessFunctions, wrapTriggerScript } from "../../../src/sync/clients/opensearch-trigger-wrapper.ts";
import { compileMonitor, JOIN_SCRIPTS, type JsonObject } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A scripted node: answers each request with `answer(request)`, and records them all. */
function fakeNode(answer: (request: OpenSearchRequest) => unknown): OpenSearchHttp & { readonly log: OpenSearchRequest[] } {
  const log: OpenSearchRequest[] = [];
  return {
    location: "http://fake:9200",
    log,
    get calls() {
      return log.length;
    },
    async request<T>(request: OpenSearchRequest) {
      log.push(request);
      const body = answer(request);
      if (body instanceof Error) throw body;
      return { status: 200, body: body as T };
    },
  };
}

/** What the node renders from a `_search/template` request for our bodies: `{{period_end}}` and `{{period_start}}` substituted. */
function render(request: OpenSearchRequest): JsonObject {
  const { source, params } = request.body as { source: JsonObject; params: Record<string, number> };
  const text = JSON.stringify(source).replace(/\{\{(period_end|period_start)\}\}/g, (_m, name: string) => String(params[name]));
  return JSON.parse(text) as JsonObject;
}
const isSearch = (r: OpenSearchRequest) => r.path.endsWith("/_search/template");

function compiled(query: string, overrides: Parameters<typeof makeDetection>[0] = {}): JsonObject {
  const monitor = compileMonitor(makeDetection({ query, indices: ["logs-a", "logs-b"], ...overrides }));
  if (!monitor.ok) throw new Error(JSON.stringify(monitor.diagnostics));
  return monitor.value;
}

const END = Date.parse("2024-01-01T00:05:00Z");

/** A Painless trigger with functions before its statements, like hand-written query-level triggers. */
const TRIGGER = "String keyOf(List t) { return t.toString(); }\nboolean any(List hits) { return !hits.isEmpty(); }\ndef res = ctx.results[0];\nres.put('dac_keys', keyOf([1]));\nreturn any(res.hits.hits);";

/** dac compiles no query-level monitor any more; the evaluator still runs them (hand-written monitors). */
function queryLevel(): JsonObject {
  const base = compiled("process where true");
  return {
    ...base,
    monitor_type: "query_level_monitor",
    inputs: [{ search: { indices: ["logs-a", "logs-b"], query: { size: 10, query: { range: { "@timestamp": { gte: "{{period_end}}||-360s", lte: "{{period_end}}", format: "epoch_millis" } } } } } }],
    triggers: [{ query_level_trigger: { name: "t", severity: "2", condition: { script: { source: TRIGGER, lang: "painless", params: { k: 1 } } }, actions: [] } }],
  };
}

describe("splitPainlessFunctions", () => {
  it("splits a Painless program after its last function, losing no byte", () => {
    const source = JOIN_SCRIPTS.SEQUENCE_REDUCE_SCRIPT!;
    const { functions, statements } = splitPainlessFunctions(source);
    expect(functions + statements).toBe(source);
    expect(functions.trimEnd().endsWith("}")).toBe(true);
    expect(functions).toContain("String keyOf(List t)");
    expect(statements.trimStart().startsWith("if (lacksStages(states, params.stages, true)) {")).toBe(true);
  });

  it("a source without functions is all statements", () => {
    expect(splitPainlessFunctions("return ctx.results[0].hits.total.value > 0")).toEqual({ functions: "", statements: "return ctx.results[0].hits.total.value > 0" });
  });

  it("skips braces inside strings and comments, and stops at statements that look like calls", () => {
    const source = "// a } comment\nString f(def x) { return '}' + \"{\" + x; /* } */ }\nint[] g() { return new int[0]; }\nreturn f(1) == '}';";
    const { functions, statements } = splitPainlessFunctions(source);
    expect(functions).toBe("// a } comment\nString f(def x) { return '}' + \"{\" + x; /* } */ }\nint[] g() { return new int[0]; }");
    expect(statements).toBe("\nreturn f(1) == '}';");
  });
});

describe("wrapTriggerScript", () => {
  it("keeps the deployed trigger byte-identical: its functions first, its statements as dacTrigger's body", () => {
    const { functions, statements } = splitPainlessFunctions(TRIGGER);
    const wrapped = wrapTriggerScript(TRIGGER);
    expect(functions).toContain("boolean any(List hits)");
    expect(wrapped.startsWith(functions)).toBe(true);
    expect(wrapped).toContain(`def dacTrigger(Map ctx, Map params) {\n${statements}\n}`);
    expect(wrapped.indexOf("String dacJson(")).toBeGreaterThan(functions.length);
    expect(wrapped.indexOf("String dacJson(")).toBeLessThan(wrapped.indexOf("def dacTrigger("));
  });
});

describe("withBucketSelector", () => {
  const trigger = { parentPath: "dac_entities", bucketsPath: { _count: "_count" }, script: { source: "params._count > 0", lang: "painless" } };

  it("puts the condition under the parent composite as a bucket_selector, and the page's after key", () => {
    const query = (compiled("process where true").inputs as Loose[])[0]!.search.query as JsonObject;
    const before = JSON.stringify(query);
    const body = withBucketSelector(query, trigger, { entity: "h1" }) as Loose;
    expect(body.aggregations.dac_entities.aggregations).toEqual({ dac_trigger_selector: { bucket_selector: { buckets_path: { _count: "_count" }, script: trigger.script } } });
    expect(body.aggregations.dac_entities.composite.after).toEqual({ entity: "h1" });
    expect(JSON.stringify(query)).toBe(before);
  });

  it("refuses a parent path that is not a top-level composite aggregation", () => {
    expect(() => withBucketSelector({ aggs: { x: { terms: { field: "a" } } } }, { ...trigger, parentPath: "x" })).toThrow(/not a top-level composite/);
  });
});

describe("evaluateMonitorOnNode: bucket-level", () => {
  const page = (buckets: [string, number][], after?: string) => ({
    hits: { total: { value: 9 }, hits: [] },
    aggregations: { dac_entities: { ...(after !== undefined ? { after_key: { entity: after } } : {}), buckets: buckets.map(([entity, doc_count]) => ({ key: { entity }, doc_count })) } },
  });

  it("renders with period_start = period_end - interval, searches the input indices, pages by after_key", async () => {
    const pages = [page([["", 2], ["h1", 1]], "h1"), page([["h2", 4]], "h3"), page([])];
    const node = fakeNode(() => pages.shift());
    const run = await evaluateMonitorOnNode(node, compiled("process where true", { maxSignals: 2 }), END);
    expect(run).toEqual({ triggered: true, error: null, periodStart: END - 5 * 60_000, periodEnd: END, alerts: [{ entity: null, count: 2 }, { entity: "h1", count: 1 }, { entity: "h2", count: 4 }] });
    const searches = node.log.filter(isSearch);
    expect(searches.map((r) => r.path)).toEqual(Array(3).fill("/logs-a,logs-b/_search/template"));
    const bodies = searches.map((r) => r.body as Loose);
    expect(bodies.map((b) => b.params)).toEqual(Array(3).fill({ period_start: END - 300_000, period_end: END }));
    expect(bodies.map((b) => b.source.aggregations.dac_entities.composite.after)).toEqual([undefined, { entity: "h1" }, { entity: "h3" }]);
    // The node renders the template: the period lands in the window's range.
    expect(JSON.stringify(render(searches[0]!))).toContain(`"lte":"${END}"`);
    expect(node.log.every(isSearch)).toBe(true);
  });

  it("stops with an error when paging does not advance (a key holding Mustache tags)", async () => {
    const node = fakeNode(() => page([], "{{x}}"));
    const run = await evaluateMonitorOnNode(node, compiled("process where true"), END);
    expect(run.error).toMatch(/composite paging does not advance/);
    expect(node.log.filter(isSearch)).toHaveLength(2);
  });

  it("reports a failed search as an input error", async () => {
    const missing = new TargetHttpError({ status: 404, action: "search-monitor-input", message: "404", cause: { body: { error: { type: "index_not_found_exception", reason: "no such index [logs-a]" } } } });
    const node = fakeNode(() => missing);
    const run = await evaluateMonitorOnNode(node, compiled("process where true"), END);
    expect(run).toMatchObject({ triggered: false, alerts: [], error: "index_not_found_exception: no such index [logs-a]" });
  });
});

describe("evaluateMonitorOnNode: bucket-level sequences", () => {
  const sequence = (entity: string, ids: string[]) => ({ entity, join_keys: [entity], events: ids.map((id) => ({ _index: "logs-a", _id: id })) });
  const bucket = (key: string, count: number, groups: unknown[]) => ({ key: { k0: key }, doc_count: 2, dac_sequence_count: { value: count }, dac_sequences: { value: groups } });

  it("selects join-key buckets by the count metric and reads each bucket's own group of sequences", async () => {
    const pages = [
      {
        hits: { total: { value: 6 }, hits: [] },
        aggregations: {
          dac_join_keys: {
            after_key: { k0: "h2" },
            buckets: [
              // h1's events also carry h9 (multi-valued key): two groups, the bucket's own is h1's.
              bucket("h1", 1, [{ key: ["h9"], sequences: [sequence("h9", ["9", "10"])] }, { key: ["h1"], sequences: [sequence("h1", ["1", "2"])] }]),
              bucket("h2", -1, [{ key: [], error: "dac: 12000 candidate events for one join key" }]),
            ],
          },
        },
      },
      { hits: { total: { value: 6 }, hits: [] }, aggregations: { dac_join_keys: { buckets: [] } } },
    ];
    const node = fakeNode(() => pages.shift());
    const run = await evaluateMonitorOnNode(node, compiled("sequence by host.name [process where true] [file where true]"), END);
    expect(run.alerts).toEqual([{ entity: "h1", count: 1, sequences: [{ joinKeys: ["h1"], events: [{ index: "logs-a", id: "1" }, { index: "logs-a", id: "2" }] }] }]);
    expect(run.error).toBe('join key ["h2"]: dac: 12000 candidate events for one join key');
    const first = (node.log.find(isSearch)!.body as Loose).source;
    expect(first.aggregations.dac_join_keys.aggregations.dac_trigger_selector).toEqual({
      bucket_selector: { buckets_path: { sequences: "dac_sequence_count.value" }, script: { source: "params.sequences != 0", lang: "painless" } },
    });
  });
});

describe("evaluateMonitorOnNode: query-level", () => {
  const search = { hits: { total: { value: 2 }, hits: [{ _index: "logs-a", _id: "1" }, { _index: "logs-a", _id: "2" }] } };

  it("runs the wrapped trigger in painless_test with the search response and the trigger's params", async () => {
    const monitor = queryLevel();
    const node = fakeNode((r) => (isSearch(r) ? search : { result: JSON.stringify({ triggered: true, added: { dac_keys: "[1]" } }) }));
    const execution = (await evaluateMonitorExecution(node, monitor, new Date(END))) as Loose;
    expect(execution.input_results.results[0].dac_keys).toBe("[1]");
    const run = await evaluateMonitorOnNode(node, monitor, new Date(END));
    expect(run.alerts).toEqual([]);
    expect(run.triggered).toBe(true);
    const execute = node.log.find((r) => r.path === "/_scripts/painless/_execute")!.body as Loose;
    const condition = (monitor.triggers as Loose[])[0]!.query_level_trigger.condition.script;
    expect(execute.context).toBe("painless_test");
    expect(execute.script.source).toBe(wrapTriggerScript(condition.source));
    expect(execute.script.params).toMatchObject({ dac_result: search, dac_params: condition.params, dac_period_start: END - 300_000, dac_period_end: END });
  });

  it("a trigger that throws is reported as Alerting does: triggered, with the node's innermost reason", async () => {
    const thrown = new TargetHttpError({
      status: 400,
      action: "run-trigger",
      message: "400",
      cause: { body: { error: { type: "script_exception", reason: "runtime error", caused_by: { type: "illegal_argument_exception", reason: "dac: 20000 candidate events" } } } },
    });
    const node = fakeNode((r) => (isSearch(r) ? search : thrown));
    const run = await evaluateMonitorOnNode(node, queryLevel(), END);
    expect(run).toMatchObject({ triggered: true, alerts: [], error: "script_exception: runtime error / caused by illegal_argument_exception: dac: 20000 candidate events" });
  });

  it("refuses what it cannot evaluate: cron schedules", async () => {
    const node = fakeNode(() => ({}));
    const monitor = { ...queryLevel(), schedule: { cron: { expression: "*/5 * * * *", timezone: "UTC" } } };
    await expect(evaluateMonitorOnNode(node, monitor, END)).rejects.toThrow(/only interval schedules/);
    expect(node.calls).toBe(0);
  });
});

it("nodeHasAlerting reads _cat/plugins", async () => {
  const withPlugin = fakeNode(() => [{ component: "opensearch-job-scheduler" }, { component: "opensearch-alerting" }]);
  const without = fakeNode(() => [{ component: "opensearch-job-scheduler" }]);
  expect(await nodeHasAlerting(withPlugin)).toBe(true);
  expect(await nodeHasAlerting(without)).toBe(false);
  expect(withPlugin.log[0]).toMatchObject({ method: "GET", path: "/_cat/plugins", query: { format: "json" } });
});
