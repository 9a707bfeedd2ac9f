import { describe, expect, test } from "vitest";
import { chooseOpenSearchImage, configuredOpenSearchImage, type ImageProbe } from "../../src/cluster/image-choice.ts";
import type { LocalImageRecipe } from "../../src/cluster/local-image.ts";

const local: LocalImageRecipe = { opensearchVersion: "2.19.4", alertingVersion: "2.19.4.0", image: "dac/opensearch:2.19.4", secureImage: "dac/opensearch-secure:2.19.4" };

function probe(present: string[], pullable: string[] = []): ImageProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async exists(image) {
      calls.push(`exists ${image}`);
      return present.includes(image);
    },
    async tryPull(image) {
      calls.push(`pull ${image}`);
      return pullable.includes(image);
    },
  };
}

describe("configuredOpenSearchImage", () => {
  test.each([
    { name: "official image by default", image: undefined, env: {}, want: "opensearchproject/opensearch:2.19.4" },
    { name: "env var overrides the default", image: undefined, env: { DAC_OPENSEARCH_IMAGE: "mirror/os:1" }, want: "mirror/os:1" },
    { name: "empty env var is ignored", image: undefined, env: { DAC_OPENSEARCH_IMAGE: "" }, want: "opensearchproject/opensearch:2.19.4" },
    { name: "explicit option beats env", image: "x/y:z", env: { DAC_OPENSEARCH_IMAGE: "mirror/os:1" }, want: "x/y:z" },
  ])("$name", ({ image, env, want }) => {
    expect(configuredOpenSearchImage("2.19.4", image, env)).toBe(want);
  });
});

describe("chooseOpenSearchImage", () => {
  test("uses the configured image when it is present, without pulling", async () => {
    const p = probe(["opensearchproject/opensearch:2.19.4"]);
    expect(await chooseOpenSearchImage({ version: "2.19.4" }, local, p, {})).toEqual({
      kind: "configured",
      image: "opensearchproject/opensearch:2.19.4",
    });
    expect(p.calls).toEqual(["exists opensearchproject/opensearch:2.19.4"]);
  });

  test("uses the configured image when it can be pulled", async () => {
    const p = probe([], ["opensearchproject/opensearch:2.19.4"]);
    expect((await chooseOpenSearchImage({ version: "2.19.4" }, local, p, {})).kind).toBe("configured");
  });

  test("falls back to the local build when the configured image is unavailable", async () => {
    const p = probe([]);
    expect(await chooseOpenSearchImage({ version: "2.19.4" }, local, p, {})).toEqual({
      kind: "local-build",
      image: "dac/opensearch:2.19.4",
      unavailable: "opensearchproject/opensearch:2.19.4",
    });
  });

  test("asking for the local image directly needs no probing", async () => {
    const p = probe([]);
    const choice = await chooseOpenSearchImage({ version: "2.19.4" }, local, p, { DAC_OPENSEARCH_IMAGE: "dac/opensearch:2.19.4" });
    expect(choice.kind).toBe("local-build");
    expect(p.calls).toEqual([]);
  });

  test("refuses to substitute another version for an unavailable image", async () => {
    await expect(chooseOpenSearchImage({ version: "2.17.0" }, local, probe([]), {})).rejects.toThrow(/builds OpenSearch 2.19.4, not 2.17.0/);
  });
});
