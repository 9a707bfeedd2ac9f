/**
 * Writes src/detection/mitre-catalogue.generated.ts: every ATT&CK Enterprise
 * technique and sub-technique (name, tactics, platforms, revoked/deprecated)
 * and the tactics, so `mitre: ["T1596.002"]` is checked by `tsc` and by
 * `dac validate` against the whole catalogue, not a hand-kept slice.
 *
 * Reads either input:
 *  - the compact lookup in ../shared/reference/attack/ (`{ source, attackVersion, tactics, techniques }`);
 *  - MITRE's own STIX 2.1 bundle (`enterprise-attack-<version>.json` from
 *    github.com/mitre-attack/attack-stix-data), so a new ATT&CK release is one re-run.
 *
 * Run: node_modules/.bin/node --import tsx scripts/generate-mitre-catalogue.ts [input.json]
 * The output is committed and reviewed like ecs-fields.generated.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const DEFAULT_INPUT = new URL("../../../shared/reference/attack/enterprise-attack-v18.1.json", import.meta.url).pathname;

export interface CatalogueTactic {
  readonly id: string;
  readonly name: string;
  readonly shortName: string;
}

export interface CatalogueTechnique {
  readonly id: string;
  readonly name: string;
  readonly tactics: readonly string[];
  readonly platforms: readonly string[];
  readonly revoked: boolean;
  readonly deprecated: boolean;
}

export interface Catalogue {
  readonly version: string;
  readonly source: string;
  readonly tactics: readonly CatalogueTactic[];
  readonly techniques: readonly CatalogueTechnique[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The compact lookup: already our shape, checked field by field. */
function readCompact(json: Json): Catalogue {
  const tactics = (json.tactics as unknown[]).filter(isObject).map((t) => ({ id: String(t.id), name: String(t.name), shortName: String(t.shortName) }));
  const techniques = (json.techniques as unknown[]).filter(isObject).map((t) => ({
    id: String(t.id),
    name: String(t.name),
    tactics: strings(t.tactics),
    platforms: strings(t.platforms),
    revoked: t.revoked === true,
    deprecated: t.deprecated === true,
  }));
  return { version: String(json.attackVersion), source: String(json.source), tactics, techniques };
}

function attackId(object: Json): string | undefined {
  const refs = Array.isArray(object.external_references) ? object.external_references.filter(isObject) : [];
  const ref = refs.find((r) => r.source_name === "mitre-attack" && typeof r.external_id === "string");
  return ref ? String(ref.external_id) : undefined;
}

/**
 * A STIX bundle: `x-mitre-tactic` objects give the tactics (kill-chain phase
 * short names map techniques onto them), `attack-pattern` objects the
 * techniques, `x-mitre-collection` the release version.
 */
function readStixBundle(json: Json, file: string): Catalogue {
  const objects = (json.objects as unknown[]).filter(isObject);
  const tactics: CatalogueTactic[] = [];
  for (const o of objects.filter((o) => o.type === "x-mitre-tactic" && o.revoked !== true && o.x_mitre_deprecated !== true)) {
    const id = attackId(o);
    if (id) tactics.push({ id, name: String(o.name), shortName: String(o.x_mitre_shortname) });
  }
  const byShortName = new Map(tactics.map((t) => [t.shortName, t.id]));
  const techniques: CatalogueTechnique[] = [];
  for (const o of objects.filter((o) => o.type === "attack-pattern")) {
    const id = attackId(o);
    if (!id || !/^T\d{4}(\.\d{3})?$/.test(id)) continue;
    const phases = (Array.isArray(o.kill_chain_phases) ? o.kill_chain_phases : []).filter(isObject).filter((p) => p.kill_chain_name === "mitre-attack");
    techniques.push({
      id,
      name: String(o.name),
      // An unmapped short name is kept as written so readCatalogue reports it instead of dropping the tactic.
      tactics: phases.map((p) => byShortName.get(String(p.phase_name)) ?? String(p.phase_name)),
      platforms: strings(o.x_mitre_platforms),
      revoked: o.revoked === true,
      deprecated: o.x_mitre_deprecated === true,
    });
  }
  const collection = objects.find((o) => o.type === "x-mitre-collection");
  const version = typeof collection?.x_mitre_version === "string" ? collection.x_mitre_version : (/(\d+\.\d+)/.exec(basename(file))?.[1] ?? "unknown");
  const source = `MITRE ATT&CK Enterprise v${version}, (c) The MITRE Corporation, used under the ATT&CK Terms of Use; read from the STIX bundle ${basename(file)}.`;
  return { version, source, tactics, techniques };
}

/** Either input format -> one catalogue, techniques sorted by id (a technique's sub-techniques follow it). */
export function readCatalogue(text: string, file: string): Catalogue {
  const json = JSON.parse(text) as Json;
  const catalogue = json.type === "bundle" && Array.isArray(json.objects) ? readStixBundle(json, file) : readCompact(json);
  const techniques = [...catalogue.techniques].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tacticIds = new Set(catalogue.tactics.map((t) => t.id));
  for (const t of techniques) {
    const unknown = t.tactics.filter((id) => !tacticIds.has(id));
    if (unknown.length > 0) throw new Error(`${file}: technique ${t.id} names unknown tactics ${unknown.join(", ")}`);
  }
  if (catalogue.tactics.length === 0 || techniques.length === 0) throw new Error(`${file}: no tactics or techniques found (neither the compact lookup nor a STIX bundle?)`);
  return { ...catalogue, techniques };
}

const q = JSON.stringify;

export function renderCatalogueModule(catalogue: Catalogue, input: string): string {
  const active = catalogue.techniques.filter((t) => !t.revoked && !t.deprecated);
  const retired = catalogue.techniques.filter((t) => t.revoked || t.deprecated);
  const lines = [
    `// Generated by scripts/generate-mitre-catalogue.ts from ${basename(input)}. Do not edit by hand.`,
    `// Source: ${catalogue.source}`,
    `// ${catalogue.tactics.length} tactics, ${active.length} active techniques and sub-techniques, ${retired.length} revoked or deprecated.`,
    "",
    `export const ATTACK_VERSION = ${q(catalogue.version)};`,
    `export const ATTACK_SOURCE = ${q(catalogue.source)};`,
    "",
    "/** The tactics, in ATT&CK matrix order: id -> name and the short name STIX kill chains and Sigma tags use. */",
    "export const MITRE_TACTIC_ENTRIES = {",
    ...catalogue.tactics.map((t) => `  ${t.id}: { name: ${q(t.name)}, shortName: ${q(t.shortName)} },`),
    "} as const;",
    "",
    "/** Active techniques and sub-techniques: id -> name, tactics, platforms. */",
    "export const MITRE_TECHNIQUES = {",
    ...active.map((t) => `  ${q(t.id)}: { name: ${q(t.name)}, tactics: ${q(t.tactics)}, platforms: ${q(t.platforms)} },`),
    "} as const satisfies Record<string, { name: string; tactics: readonly MitreTacticId[]; platforms: readonly string[] }>;",
    "",
    "/** Revoked or deprecated ids: mapping a detection to one is an error that says so. */",
    "export const MITRE_RETIRED_TECHNIQUES = {",
    ...retired.map((t) => `  ${q(t.id)}: { name: ${q(t.name)}, status: ${q(t.revoked ? "revoked" : "deprecated")}, tactics: ${q(t.tactics)} },`),
    "} as const satisfies Record<string, { name: string; status: \"revoked\" | \"deprecated\"; tactics: readonly MitreTacticId[] }>;",
    "",
    "export type MitreTacticId = keyof typeof MITRE_TACTIC_ENTRIES;",
    "/** An active technique id: `mitre: [\"T1596.999\"]` or a revoked id fails `tsc`. */",
    "export type MitreTechniqueId = keyof typeof MITRE_TECHNIQUES;",
    "",
  ];
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = process.argv[2] ?? DEFAULT_INPUT;
  const catalogue = readCatalogue(readFileSync(input, "utf8"), input);
  const target = new URL("../src/detection/mitre-catalogue.generated.ts", import.meta.url);
  writeFileSync(target, renderCatalogueModule(catalogue, input));
  process.stdout.write(`wrote ${target.pathname} (ATT&CK ${catalogue.version}: ${catalogue.tactics.length} tactics, ${catalogue.techniques.length} techniques)\n`);
}
