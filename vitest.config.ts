import { defineConfig } from "vitest/config";

// Five projects:
//  - `unit` (*.test.ts) never needs Docker;
//  - `integration` (*.int.test.ts) needs one real OpenSearch node, no Alerting
//    plugin: it runs in CI on dac's Maven-only image and evaluates monitors
//    with core APIs (src/sync/clients/opensearch-evaluate.ts);
//  - `alerting` (*.alerting.test.ts) needs a node WITH the Alerting plugin:
//    the official image (`DAC_OPENSEARCH_IMAGE=opensearchproject/opensearch:2.19.4`,
//    .github/workflows/opensearch-live.yml) or an image built with
//    DAC_ALERTING_PLUGIN_ZIP (docs/opensearch-image.md);
//  - `secure` (*.secure.test.ts) needs one node of dac/opensearch-secure (TLS,
//    users, dac's roles): its own global set-up starts it;
//  - `multinode` (*.multinode.test.ts) starts its own 3-node cluster of dac's
//    image (scripts/test.sh runs it after the integration project).
// The first two share a global set-up: one node per project run.
const cluster = {
  globalSetup: ["test/cluster/global-setup.ts"],
  testTimeout: 300_000,
  hookTimeout: 600_000,
  fileParallelism: false,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // Many unit tests run the real CLI in a child process (seconds each on a busy
          // 2-core machine); the default 5 s turns load into failures, and a timed-out
          // CLI test leaks its output into the next one.
          testTimeout: 60_000,
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.int.test.ts", "test/**/*.alerting.test.ts", "test/**/*.secure.test.ts", "test/**/*.multinode.test.ts"],
        },
      },
      { test: { name: "integration", include: ["test/**/*.int.test.ts"], ...cluster } },
      { test: { name: "alerting", include: ["test/**/*.alerting.test.ts"], ...cluster } },
      // A 3-node cluster of dac's image that the suite starts itself (no shared node).
      { test: { name: "multinode", include: ["test/**/*.multinode.test.ts"], ...cluster, globalSetup: [] } },
      {
        test: {
          name: "secure",
          include: ["test/**/*.secure.test.ts"],
          ...cluster,
          globalSetup: ["test/cluster/secure-global-setup.ts"],
        },
      },
    ],
  },
});
