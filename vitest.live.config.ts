import { defineConfig } from "vitest/config";

// Live tests against real Elasticsearch + Kibana containers (test/**/*.live.ts).
// Not part of `unit` or `integration`: they need Docker and the Elastic image
// registry. Run: npx vitest run --config vitest.live.config.ts
export default defineConfig({
  test: {
    include: ["test/**/*.live.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
