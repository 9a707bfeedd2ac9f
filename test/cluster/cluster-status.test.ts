import { expect, test } from "vitest";
import { formatClusterStatus } from "../../src/cluster/cluster-status.ts";

test("formatClusterStatus lists url, health, version, plugins and modules", () => {
  const text = formatClusterStatus({
    url: "http://localhost:9200",
    health: "green",
    clusterName: "dac-local",
    version: "2.19.4",
    distribution: "opensearch",
    plugins: [{ name: "opensearch-alerting", version: "2.19.4.0" }],
    modules: ["lang-mustache", "lang-painless"],
  });
  expect(text).toBe(
    [
      "url:      http://localhost:9200",
      "health:   green",
      "version:  opensearch 2.19.4 (cluster dac-local)",
      "plugins:  opensearch-alerting 2.19.4.0",
      "modules:  lang-mustache, lang-painless",
    ].join("\n"),
  );
});
