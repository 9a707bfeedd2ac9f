import { defineConfig } from "vitest/config";

// Two projects: `unit` never needs Docker; `integration` (*.int.test.ts) starts
// one real OpenSearch node in a global set-up and shares it across files.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.int.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.int.test.ts"],
          globalSetup: ["test/cluster/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
