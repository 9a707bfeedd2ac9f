import { describe, expect, it } from "vitest";
import { describeDockerHost, describeImageOutcome, describeLocalNodeImage } from "../../src/cli/commands/cluster.ts";

const node = { url: "http://localhost:9200", image: "dac/opensearch:2.19.4" };

describe("dac cluster start messages", () => {
  it("says an image asked for while a node runs was not started", () => {
    const text = describeImageOutcome({ ...node, created: false }, "opensearchproject/opensearch:2.19.4", true);
    expect(text).toContain("already running on dac/opensearch:2.19.4");
    expect(text).toContain("opensearchproject/opensearch:2.19.4 was NOT started");
    expect(text).toContain("dac cluster stop");
  });

  it("says when the image could not be had and dac's own build (no Alerting) runs instead", () => {
    const text = describeImageOutcome({ ...node, created: true }, "registry.example/opensearch:2.19.4", true);
    expect(text).toContain("registry.example/opensearch:2.19.4 is neither present nor pullable");
    expect(text).toContain("no Alerting plugin: dac plan/deploy cannot work against it");
  });

  it("stays quiet when the node runs the image asked for, or a reused node when none was asked for", () => {
    expect(describeImageOutcome({ ...node, created: true }, node.image, true)).toBeUndefined();
    expect(describeImageOutcome({ ...node, created: false }, "opensearchproject/opensearch:2.19.4", false)).toBeUndefined();
  });

  it("dac up / dac test state the fallback from DAC_OPENSEARCH_IMAGE", () => {
    expect(describeLocalNodeImage({ ...node, created: true }, { DAC_OPENSEARCH_IMAGE: "nowhere/opensearch:1" })).toContain("nowhere/opensearch:1 is neither present nor pullable");
  });

  it("names the engine DOCKER_HOST points at, without credentials", () => {
    expect(describeDockerHost({})).toBeUndefined();
    const text = describeDockerHost({ DOCKER_HOST: "ssh://ops:hunter2@builder.example" });
    expect(text).toContain("DOCKER_HOST=ssh://***@builder.example");
    expect(text).not.toContain("hunter2");
  });
});
