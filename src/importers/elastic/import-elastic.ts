/**
 * `dac import elastic`: Elastic rule sources -> one detection module per EQL
 * rule plus the pack module (name, origin, extra field declarations), as a
 * write plan against the output folder. Rules of other types, deprecated
 * rules and rules dac cannot express are listed as skipped, with the reason.
 */
import { basename, join } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.ts";
import { defaultFieldSchema, parseEql } from "../../eql/index.ts";
import { inferExtraFields } from "../field-inference.ts";
import { renderImportedModule, renderPackModule, type ModuleProvenance } from "../module-writer.ts";
import { planModuleWrites, type ModuleWrite } from "../write-plan.ts";
import { readElasticSources, readRuleMetadata, type ElasticRuleSource } from "./read-sources.ts";
import { translateElasticRule } from "./translate-rule.ts";

export interface ImportedRule {
  readonly ruleId: string;
  readonly name: string;
  readonly origin: string;
  /** Module path relative to the output folder. */
  readonly path: string;
  readonly dropped: readonly string[];
}

export interface SkippedRule {
  readonly ruleId?: string;
  readonly name?: string;
  readonly origin: string;
  readonly reason: string;
}

export interface ElasticImport {
  readonly outDir: string;
  readonly packName: string;
  readonly imported: readonly ImportedRule[];
  readonly skipped: readonly SkippedRule[];
  /** Field declarations written to the pack (beyond ECS and the Windows fields). */
  readonly fields: Readonly<Record<string, string>>;
  /** Unreadable files, ATT&CK ids left out: located, per rule. */
  readonly diagnostics: readonly Diagnostic[];
  readonly writes: readonly ModuleWrite[];
}

export interface ElasticImportOptions {
  readonly outDir: string;
  /** definePack name; default: the output folder's name. */
  readonly packName?: string;
}

const IMPORTER = "dac import elastic";

function provenanceOf(source: ElasticRuleSource, license: string, notes: readonly string[]): ModuleProvenance {
  const meta = readRuleMetadata(source);
  const what = source.format === "toml" ? `the detection-rules file ${source.origin}` : `the Kibana rule export ${source.origin}`;
  return { importer: IMPORTER, origin: `${what}${meta.updated ? ` (updated ${meta.updated})` : ""}`, license, notes };
}

/** Reads, translates and plans; writes nothing (the caller applies `writes` unless it is a dry run). */
export function importElasticRules(paths: readonly string[], options: ElasticImportOptions): ElasticImport {
  const read = readElasticSources(paths);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const imported: ImportedRule[] = [];
  const skipped: SkippedRule[] = [];
  const files: { path: string; text: string }[] = [];
  const fields: Record<string, string> = {};
  const ids = new Set<string>();
  // Built once: ECS plus the Windows fields is a few thousand entries, and every rule is checked against it.
  const known = defaultFieldSchema();
  const paths_ = new Set<string>();
  for (const source of read.sources) {
    const ruleId = typeof source.rule.rule_id === "string" ? source.rule.rule_id : undefined;
    const name = typeof source.rule.name === "string" ? source.rule.name : undefined;
    const who = { ...(ruleId ? { ruleId } : {}), ...(name ? { name } : {}), origin: source.origin };
    const meta = readRuleMetadata(source);
    if (meta.deprecated) {
      skipped.push({ ...who, reason: "deprecated in detection-rules (maturity = deprecated)" });
      continue;
    }
    const translated = translateElasticRule(source.rule, { fromRepository: source.format === "toml", integrations: meta.integrations });
    if (!translated.ok) {
      skipped.push({ ...who, reason: translated.reason });
      continue;
    }
    const id = String(translated.detection.id);
    if (ids.has(id)) {
      skipped.push({ ...who, reason: `rule_id ${id} was already imported from another file` });
      continue;
    }
    ids.add(id);
    let path = `${source.suggestedPath}.ts`;
    for (let n = 2; paths_.has(path); n++) path = `${source.suggestedPath}-${n}.ts`;
    paths_.add(path);
    const parsed = parseEql(String(translated.detection.query));
    if (parsed.ok) Object.assign(fields, { ...inferExtraFields(parsed.value, translated.declaredFields, known), ...fields });
    for (const dropped of translated.droppedMitre) {
      diagnostics.push({ severity: "warning", code: "import/mitre-dropped", message: `ATT&CK mapping left out: ${dropped}`, file: source.origin, ruleId: id });
    }
    const notes = [
      ...(translated.dropped.length > 0 ? [`Not carried over: ${translated.dropped.join("; ")}.`] : []),
      ...(translated.droppedMitre.length > 0 ? [`ATT&CK mappings left out: ${translated.droppedMitre.join("; ")}.`] : []),
    ];
    const license = typeof source.rule.license === "string" && source.rule.license !== "" ? source.rule.license : "not stated by the source";
    files.push({ path, text: renderImportedModule(translated.detection, join(options.outDir, path), provenanceOf(source, license, notes)) });
    imported.push({ ruleId: id, name: String(translated.detection.name), origin: source.origin, path, dropped: translated.dropped });
  }
  const packName = options.packName ?? (basename(options.outDir) || "imported");
  const sortedFields = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const origins = [...new Set(read.sources.map((s) => (s.format === "toml" ? "Elastic detection-rules" : "a Kibana rule export")))].join(" and ") || "Elastic rules";
  if (imported.length > 0) {
    const packFile = "pack.ts";
    const provenance: ModuleProvenance = { importer: IMPORTER, origin: origins, license: "as stated in each module" };
    files.push({ path: packFile, text: renderPackModule({ name: packName, importedFrom: `${origins} via ${IMPORTER}`, customFields: sortedFields }, join(options.outDir, packFile), provenance) });
  }
  return { outDir: options.outDir, packName, imported, skipped, fields: sortedFields, diagnostics, writes: planModuleWrites(options.outDir, files) };
}
