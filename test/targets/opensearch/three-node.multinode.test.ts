import { afterAll, beforeAll, describe } from "vitest";
import { startMultiNodeCluster, type StartedMultiNodeCluster } from "../../../src/cluster/index.ts";
import { createOpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { RUNNERS, type ClusterTarget } from "./cluster-harness.ts";
import { defineQueryDslDifferential } from "./query-dsl-differential.ts";
import { defineSampleDifferential } from "./sample-differential.ts";
import { defineSequenceDifferential } from "./sequence-differential.ts";
import { defineTieOrderDifferential } from "./tie-order-differential.ts";

// The differential suites again, on a 3-node cluster (dac's image, 1 GB heaps)
// with 6 primary shards per test index: documents spread over shards on all
// three nodes, scripted metrics reduce across nodes in no fixed order, and
// `_seq_no` is per shard. Equal timestamps therefore cannot follow write
// order; sequence and sample monitors order them by `_id`, as the engine
// does, so the same cases as on one node must give the same alerts
// (tie-order-differential.ts and the sample differential's host TS check
// ties that span shards). Test indices take the mapping a one-shard
// index derives (cluster-harness.ts says why). Its own three JVMs, no shared node.
const SHARDS = 6;
let cluster: StartedMultiNodeCluster | undefined;

const target: ClusterTarget = {
  connect: () => {
    if (!cluster) throw new Error("the 3-node cluster did not start");
    // A cold 3-node cluster on a busy CI host can take well over 30 s to create a 6-shard index.
    return createOpenSearchHttp({ url: cluster.url, timeoutMs: 180_000 });
  },
  shards: SHARDS,
};

describe("3 nodes, 6 shards", () => {
  beforeAll(async () => {
    const started = Date.now();
    cluster = await startMultiNodeCluster({ engine: "opensearch", nodes: 3 });
    process.stderr.write(`three-node: cluster ready at ${cluster.url} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  describe("event queries", () => defineQueryDslDifferential(RUNNERS.evaluate, target));
  describe("sequences", () => defineSequenceDifferential(RUNNERS.evaluate, target));
  describe("samples", () => defineSampleDifferential(RUNNERS.evaluate, target));
  describe("timestamp ties across shards", () => defineTieOrderDifferential(RUNNERS.evaluate, target));
});
