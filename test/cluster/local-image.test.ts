import { describe, expect, test } from "vitest";
import { parseEnvFile, parseLocalImageRecipe, readLocalImageRecipe } from "../../src/cluster/local-image.ts";

describe("parseEnvFile", () => {
  test("reads KEY=value lines and skips comments and blanks", () => {
    expect(parseEnvFile('# comment\nA=1\n\nB="two words"\n  C = no\nlower=x\n')).toEqual({ A: "1", B: "two words" });
  });
});

describe("parseLocalImageRecipe", () => {
  test("derives the image name from IMAGE_REPO and OPENSEARCH_VERSION", () => {
    expect(parseLocalImageRecipe("OPENSEARCH_VERSION=2.19.4\nALERTING_VERSION=2.19.4.0\nIMAGE_REPO=dac/opensearch\nSECURE_IMAGE_REPO=dac/opensearch-secure\n")).toEqual({
      opensearchVersion: "2.19.4",
      alertingVersion: "2.19.4.0",
      image: "dac/opensearch:2.19.4",
      secureImage: "dac/opensearch-secure:2.19.4",
    });
  });

  test("names a missing key", () => {
    expect(() => parseLocalImageRecipe("OPENSEARCH_VERSION=2.19.4\n")).toThrow(/ALERTING_VERSION/);
  });

  test("the checked-in recipe is consistent (alerting built for the same OpenSearch)", () => {
    const recipe = readLocalImageRecipe();
    expect(recipe.alertingVersion).toBe(`${recipe.opensearchVersion}.0`);
    expect(recipe.image).toBe(`dac/opensearch:${recipe.opensearchVersion}`);
    expect(recipe.secureImage).toBe(`dac/opensearch-secure:${recipe.opensearchVersion}`);
  });
});
