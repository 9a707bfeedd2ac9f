import { describe, expect, it } from "vitest";
import { createOpenSearchAdapter, type OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { compileOpenSearchDesired, type JsonObject } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

/** One _search page holding `monitors`, answered without a node. */
function httpServing(monitors: readonly JsonObject[]): OpenSearchHttp {
  const hits = monitors.map((source, i) => ({ _id: `m${i}`, _seq_no: i, _primary_term: 1, _source: source }));
  let calls = 0;
  return {
    location: "http://fake:9200",
    get calls() {
      return calls;
    },
    request: async <T>() => {
      calls++;
      return { status: 200, body: { hits: { total: { value: hits.length }, hits } } as T };
    },
  };
}

const monitorOf = (id: string, project?: string): JsonObject => compileOpenSearchDesired(makeDetection({ id, name: id }), project === undefined ? {} : { project }).body;
const { ui_metadata: _ui, ...handMade } = monitorOf("hand-made");

describe("readLive with a dac project", () => {
  const node = [monitorOf("ours", "blue"), monitorOf("theirs", "red"), monitorOf("legacy"), handMade];

  it("manages its own project's monitors and adopts marked ones without a project; counts the rest apart", async () => {
    const live = await createOpenSearchAdapter({ url: "http://fake:9200" }, httpServing(node), { project: "blue" }).readLive();
    expect(live.managed.map((m) => m.id)).toEqual(["legacy", "ours"]);
    expect(live).toMatchObject({ unmanagedCount: 1, otherProjectsCount: 1 });
  });

  it("is the other project's mirror image", async () => {
    const live = await createOpenSearchAdapter({ url: "http://fake:9200" }, httpServing(node), { project: "red" }).readLive();
    expect(live.managed.map((m) => m.id)).toEqual(["legacy", "theirs"]);
    expect(live).toMatchObject({ unmanagedCount: 1, otherProjectsCount: 1 });
  });

  it("takes the project from a resolved environment", async () => {
    const env = { url: "http://fake:9200", project: "red" } as unknown as Parameters<typeof createOpenSearchAdapter>[0];
    const live = await createOpenSearchAdapter(env, httpServing(node)).readLive();
    expect(live.managed.map((m) => m.id)).toEqual(["legacy", "theirs"]);
  });

  it("without a project, every marked monitor is managed (adapters built by hand)", async () => {
    const live = await createOpenSearchAdapter({ url: "http://fake:9200" }, httpServing(node)).readLive();
    expect(live.managed.map((m) => m.id)).toEqual(["legacy", "ours", "theirs"]);
    expect(live.otherProjectsCount).toBe(0);
  });
});
