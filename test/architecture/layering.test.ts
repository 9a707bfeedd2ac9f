import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * STYLE.md: "A stage may import from diagnostics/ and from stages above it in
 * this list, never from stages below", and "other stages import a stage only
 * through its index.ts". This test reads every import in src/ and enforces both,
 * so the data flow detection -> eql -> targets -> sync -> cluster -> replay -> cli
 * cannot silently turn into a cycle.
 */
const ROOT = resolve(import.meta.dirname, "../../src");
// config/ is a base folder like diagnostics/: environments feed every later stage.
// importers/ writes the same modules a person writes, from foreign rules or what export read: after targets/, before sync/.
const ORDER = ["diagnostics", "config", "detection", "eql", "targets", "importers", "sync", "cluster", "replay", "cli"];

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function stageOf(file: string): string {
  return relative(ROOT, file).split(sep)[0] ?? "";
}

interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

function readImportEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']/g;
  for (const file of listSources(ROOT)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1]!;
      edges.push({ from: file, to: resolve(dirname(file), specifier), specifier });
    }
  }
  return edges;
}

describe("src/ layering", () => {
  const edges = readImportEdges().filter((e) => e.to.startsWith(ROOT + sep));

  it("reads a realistic number of imports (the scanner works)", () => {
    expect(edges.length).toBeGreaterThan(100);
  });

  it("never imports a stage below the importer", () => {
    const offenders = edges
      .filter((e) => {
        const from = ORDER.indexOf(stageOf(e.from));
        const to = ORDER.indexOf(stageOf(e.to));
        return from >= 0 && to >= 0 && to > from;
      })
      .map((e) => `${relative(ROOT, e.from)} -> ${e.specifier}`);
    expect(offenders).toEqual([]);
  });

  it("imports another stage only through its index.ts", () => {
    const offenders = edges
      .filter((e) => stageOf(e.from) !== stageOf(e.to))
      // A stage with sub-stages (targets/opensearch, sync/clients) exposes each through its own index.ts.
      .filter((e) => !e.to.endsWith(`${sep}index.ts`))
      .map((e) => `${relative(ROOT, e.from)} -> ${e.specifier}`);
    expect(offenders).toEqual([]);
  });
});
