import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveDefaultProjectName, FALLBACK_PROJECT_NAME, PROJECT_NAME_PATTERN, slugifyProjectName } from "../../src/config/index.ts";

describe("slugifyProjectName", () => {
  it.each([
    ["dac", "dac"],
    ["@corp/Detections_EU", "corp-detections-eu"],
    ["  SOC Rules (prod)  ", "soc-rules-prod"],
    ["--already-kebab--", "already-kebab"],
  ])("%j -> %j, a valid project name", (input, expected) => {
    expect(slugifyProjectName(input)).toBe(expected);
    expect(expected).toMatch(PROJECT_NAME_PATTERN);
  });

  it("returns undefined when nothing usable is left", () => {
    expect(slugifyProjectName("@/_")).toBeUndefined();
  });
});

describe("deriveDefaultProjectName", () => {
  const root = mkdtempSync(join(tmpdir(), "dac-project-"));

  it("is this repository's package.json name", () => {
    expect(deriveDefaultProjectName(".")).toBe("dac");
  });

  it("uses package.json's name, kebab-cased", () => {
    const dir = join(root, "with-package");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "@acme/Threat-Detections" }));
    expect(deriveDefaultProjectName(dir)).toBe("acme-threat-detections");
  });

  it("falls back to the directory name without a package.json, or with one that has no name or is broken", () => {
    const bare = join(root, "Blue Team Rules");
    mkdirSync(bare);
    expect(deriveDefaultProjectName(bare)).toBe("blue-team-rules");
    const nameless = join(root, "nameless");
    mkdirSync(nameless);
    writeFileSync(join(nameless, "package.json"), JSON.stringify({ private: true }));
    expect(deriveDefaultProjectName(nameless)).toBe("nameless");
    const broken = join(root, "broken");
    mkdirSync(broken);
    writeFileSync(join(broken, "package.json"), "{ not json");
    expect(deriveDefaultProjectName(broken)).toBe("broken");
  });

  it("has a fixed fallback when neither yields a name", () => {
    const odd = join(root, "___");
    mkdirSync(odd);
    expect(deriveDefaultProjectName(odd)).toBe(FALLBACK_PROJECT_NAME);
  });
});
