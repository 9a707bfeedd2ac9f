/**
 * `dac import sigma`: Sigma files -> detection modules in one pack folder.
 * Parses every file, converts rules, correlations and filters, checks each
 * query for both targets, and returns what it would write plus a refusal
 * (code, reason, location) for every rule it does not import. Writing is a
 * separate step (writeImport) so --dry-run and tests share the plan.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import type { Diagnostic, SourceRange } from "../../diagnostics/index.ts";
import { checkQueryForTargets, convertCondition, type ConvertedCondition, type RuleRefusal } from "./convert-rule.ts";
import { convertCorrelation } from "./correlation.ts";
import { convertFilter } from "./filters.ts";
import { attributionHeader, mapMetadata, slugify } from "./metadata.ts";
import { parseSigmaFile } from "./parse-rule.ts";
import { buildRegressionFixtures } from "./regression-fixtures.ts";
import type { Pipeline } from "./pipeline-schema.ts";
import { renderExceptionsModule, type ModuleValue } from "./exceptions-module.ts";
import { renderImportedModule, renderPackModule, stampModuleHash } from "../module-writer.ts";
import type { JsonObject } from "../json.ts";
import { planModuleWrites, type ModuleWrite } from "../write-plan.ts";
import type { SigmaCorrelation, SigmaDocument, SigmaRule } from "./rule-model.ts";

export interface ImportOptions {
  readonly out: string;
  readonly pipelines: readonly Pipeline[];
  readonly packName?: string;
  /** Licence of rules that name none (SigmaHQ's rules are DRL 1.1). */
  readonly defaultLicense?: string;
}

export interface ImportedModule {
  readonly id: string;
  readonly sigmaId?: string;
  readonly file: string;
  readonly source: string;
  readonly text: string;
  /** Replay fixtures from the rule's regression data, written next to the module. */
  readonly fixtures: readonly { readonly file: string; readonly text: string }[];
}

export interface Refused {
  readonly source: string;
  readonly title?: string;
  readonly sigmaId?: string;
  readonly code: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export interface ImportPlan {
  readonly modules: readonly ImportedModule[];
  /** pack.ts and exceptions.ts. */
  readonly supportFiles: readonly { readonly file: string; readonly text: string }[];
  readonly refused: readonly Refused[];
  /** Broken files (YAML, structure): located, as `dac validate` prints them. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

export function collectSigmaFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (/\.ya?ml$/i.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

interface RuleEntry {
  readonly rule: SigmaRule;
  converted?: ConvertedCondition;
  refusal?: RuleRefusal;
}

export function planSigmaImport(paths: readonly string[], options: ImportOptions): ImportPlan {
  const files = collectSigmaFiles(paths);
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const documents: SigmaDocument[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const display = relative(process.cwd(), file) || file;
    sources.set(display, text);
    const parsed = parseSigmaFile(text, display);
    diagnostics.push(...parsed.diagnostics);
    documents.push(...parsed.documents);
  }
  const out = resolve(options.out);
  const packName = options.packName ?? basename(out);
  const license = options.defaultLicense ?? "DRL-1.1";
  const modules: ImportedModule[] = [];
  const refused: Refused[] = [];
  const fieldTypes: Record<string, string> = {};
  const rules = new Map<string, RuleEntry>();
  for (const doc of documents) {
    if (doc.kind !== "rule") continue;
    const entry: RuleEntry = { rule: doc };
    const converted = convertCondition(doc, options.pipelines);
    if (converted.ok) {
      const refusal = checkQueryForTargets(`any where ${converted.value.expression}`, converted.value.pipeline.fieldTypes);
      if (refusal) entry.refusal = { ...refusal, range: doc.conditionRange };
      else entry.converted = converted.value;
    } else entry.refusal = converted.refusal;
    for (const key of [doc.id, doc.name]) if (key) rules.set(key, entry);
    rules.set(`\0${doc.file}:${doc.range.start.offset}`, entry);
  }
  // Filters first: the exceptions they produce are listed on the rules they name.
  const exceptionsByRule = new Map<string, string[]>();
  const exceptionModules: Readonly<Record<string, ModuleValue>>[] = [];
  for (const doc of documents) {
    if (doc.kind !== "filter") continue;
    const converted = convertFilter(doc, options.pipelines);
    if (!converted.ok) {
      refused.push({ source: doc.file, title: doc.title, ...(doc.id ? { sigmaId: doc.id } : {}), ...converted.refusal });
      continue;
    }
    exceptionModules.push(...converted.value.exceptions);
    for (const ref of doc.rules) {
      const names = exceptionsByRule.get(ref) ?? [];
      names.push(...converted.value.exceptions.map((e) => String(e.name)));
      exceptionsByRule.set(ref, names);
    }
  }
  const usedIds = new Set<string>();
  const seen = new Set<RuleEntry>();
  for (const entry of rules.values()) {
    if (seen.has(entry)) continue;
    seen.add(entry);
    const { rule } = entry;
    if (!entry.converted) {
      refused.push({ source: rule.file, title: rule.title, ...(rule.id ? { sigmaId: rule.id } : {}), ...entry.refusal! });
      continue;
    }
    Object.assign(fieldTypes, usedFieldTypes(entry.converted));
    const exceptions = [...(exceptionsByRule.get(rule.id ?? "") ?? []), ...(exceptionsByRule.get(rule.name ?? "") ?? [])];
    modules.push(buildModule(rule, `any where ${entry.converted.expression}`, entry.converted, [entry.converted], out, license, usedIds, exceptions));
  }
  for (const doc of documents) {
    if (doc.kind !== "correlation") continue;
    const result = buildCorrelation(doc, rules, out, license, usedIds);
    if ("refusal" in result) refused.push(result.refusal);
    else {
      modules.push(result.module);
      for (const c of result.stages) Object.assign(fieldTypes, usedFieldTypes(c));
    }
  }
  const supportFiles = [
    { file: join(out, "pack.ts"), text: renderPackModule({ name: packName, importedFrom: `Sigma (${license})`, customFields: sortRecord(fieldTypes) }, join(out, "pack.ts"), { importer: "dac import sigma", origin: paths.join(", "), license }) },
    ...(exceptionModules.length > 0 ? [{ file: join(out, "exceptions.ts"), text: stampModuleHash(renderExceptionsModule(exceptionModules, join(out, "exceptions.ts"), "Written by `dac import sigma` from Sigma filters.")) }] : []),
  ];
  return { modules, supportFiles, refused, diagnostics, sources };
}

function sortRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

function usedFieldTypes(c: ConvertedCondition): Record<string, string> {
  const out: Record<string, string> = {};
  const wildcards = Object.keys(c.pipeline.fieldTypes).filter((k) => k.endsWith(".*"));
  for (const p of c.provenance) {
    const t = c.pipeline.fieldTypes[p.target];
    if (t !== undefined) out[p.target] = t;
    // A `prefix.*` type covers the fields under it (winlog.event_data.*).
    for (const w of wildcards) if (p.target.startsWith(w.slice(0, -1))) out[w] = c.pipeline.fieldTypes[w]!;
  }
  for (const f of Object.keys(c.pipeline.logsource.conditions)) if (c.pipeline.fieldTypes[f] !== undefined) out[f] = c.pipeline.fieldTypes[f]!;
  return out;
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}

function guideFor(rule: { title: string; id?: string; file: string }, stages: readonly ConvertedCondition[]): string {
  const rows = stages.flatMap((s) => s.provenance.map((p) => `| ${p.sigma} | ${p.target} | ${p.by} |`));
  const logsources = [...new Set(stages.map((s) => `${s.pipeline.logsource.pipeline}/${s.pipeline.logsource.id}`))];
  return [
    `## Imported from Sigma`,
    `Rule "${rule.title}"${rule.id ? ` (${rule.id})` : ""}, logsource mapped by ${logsources.join(", ")}.`,
    "",
    "| Sigma field | query field | mapped by |",
    "|---|---|---|",
    ...[...new Set(rows)],
  ].join("\n");
}

function buildModule(rule: SigmaRule | SigmaCorrelation, query: string, primary: ConvertedCondition, stages: readonly ConvertedCondition[], out: string, license: string, usedIds: Set<string>, exceptions: readonly string[]): ImportedModule {
  const meta = mapMetadata(rule, license);
  const id = uniqueId(meta.id, usedIds);
  const file = join(out, `${id}.ts`);
  const fixtures = rule.kind === "rule" && rule.regressionTestsPath ? buildRegressionFixtures(rule.file, rule.regressionTestsPath, id, primary.pipeline) : [];
  const indices = [...new Set(stages.flatMap((s) => s.pipeline.logsource.indices))];
  const dataSources = [...new Set(stages.flatMap((s) => s.pipeline.logsource.dataSources))];
  const detection: Record<string, ModuleValue> = {
    id,
    name: meta.name,
    description: meta.description,
    severity: meta.severity,
    riskScore: meta.riskScore,
    mitre: meta.mitre,
    tags: meta.tags,
    ...(dataSources.length > 0 ? { dataSources } : {}),
    indices,
    query,
    falsePositives: meta.falsePositives,
    references: meta.references,
    guide: guideFor(rule, stages),
    author: meta.author,
    license: meta.license,
    version: 1,
    ...(exceptions.length > 0 ? { exceptions: [...new Set(exceptions)] } : {}),
    ...(fixtures.length > 0 ? { tests: fixtures.map((f) => ({ ...f.test })) } : {}),
  };
  const text = renderImportedModule(detection as JsonObject, file, { importer: "dac import sigma", origin: rule.file, license: meta.license, notes: [attributionHeader(rule, rule.file, meta.license), ...meta.notes] });
  return { id, ...(rule.id ? { sigmaId: rule.id } : {}), file, source: rule.file, text, fixtures: fixtures.map((f) => ({ file: join(out, f.path), text: f.text })) };
}

function buildCorrelation(doc: SigmaCorrelation, rules: ReadonlyMap<string, RuleEntry>, out: string, license: string, usedIds: Set<string>): { module: ImportedModule; stages: ConvertedCondition[] } | { refusal: Refused } {
  const base = { source: doc.file, title: doc.title, ...(doc.id ? { sigmaId: doc.id } : {}) };
  const stages: { ref: string; converted: ConvertedCondition }[] = [];
  for (const ref of doc.rules) {
    const entry = rules.get(ref);
    if (!entry) return { refusal: { ...base, code: "sigma/unknown-rule", message: `The correlation names rule "${ref}", which is not among the imported files`, range: doc.range } };
    if (!entry.converted) return { refusal: { ...base, code: entry.refusal!.code, message: `rule "${ref}" is refused: ${entry.refusal!.message}`, range: doc.range } };
    const sigmaId = entry.rule.id;
    const sigmaName = entry.rule.name;
    stages.push({ ref: sigmaName && doc.aliases.size > 0 && [...doc.aliases.values()].some((a) => a.has(sigmaName)) ? sigmaName : (sigmaId ?? ref), converted: entry.converted });
  }
  const result = convertCorrelation({ correlation: doc, stages });
  if (!result.ok) return { refusal: { ...base, ...result.refusal } };
  const refusal = checkQueryForTargets(result.value, Object.assign({}, ...stages.map((s) => s.converted.pipeline.fieldTypes)));
  if (refusal) return { refusal: { ...base, ...refusal, range: doc.range } };
  const converted = stages.map((s) => s.converted);
  return { module: buildModule(doc, result.value, converted[0]!, converted, out, license, usedIds, []), stages: converted };
}

/**
 * What re-import does to each file: create, update in place (the file is as
 * the last import wrote it), unchanged, or conflict (a person edited it since:
 * left alone, so local edits survive).
 */
export function planImportWrites(plan: ImportPlan, out: string): ModuleWrite[] {
  const root = resolve(out);
  const files = [...plan.supportFiles, ...plan.modules, ...plan.modules.flatMap((m) => m.fixtures)];
  return planModuleWrites(root, files.map((f) => ({ path: relative(root, f.file), text: f.text })));
}

export { slugify };
