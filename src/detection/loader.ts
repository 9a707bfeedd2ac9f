/**
 * loadDetections: module files -> validated Detection values plus every
 * problem found, each located in the module (zod issue paths are mapped to
 * the object literal's properties with the TypeScript compiler API).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type ts from "typescript";
import type { z } from "zod";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/index.ts";
import { ATTACK_VERSION } from "./mitre-catalogue.ts";
import { discoverModuleFiles, displayPath } from "./discover.ts";
import type { ExceptionDefinition } from "./exceptions.ts";
import { selectIndexPatterns } from "./index-patterns.ts";
import { foreignTactics, lookupMitreTechnique, resolveMitreTactic } from "./mitre.ts";
import type { Detection, MitreTactic, MitreTechnique } from "./model.ts";
import { importDetectionModule } from "./module-import.ts";
import type { DefinitionOrigin, LoadedPack, PackSettings } from "./pack.ts";
import { detectionInputSchema, exceptionInputSchema, packInputSchema, type ParsedDetectionInput } from "./schema.ts";
import {
  findDefinitionObjects,
  findNodeAtPath,
  findProperty,
  mapStringLiteral,
  parseModuleSource,
  positionOfNode,
  rangeOfNode,
  readStringProperty,
  unwrapStringNode,
  type ModuleSource,
} from "./source-locate.ts";

interface LoadState {
  readonly detections: Detection[];
  readonly exceptions: ExceptionDefinition[];
  readonly customFields: Record<string, string>;
  readonly packs: PackSettings[];
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
  readonly origins: Map<Detection | ExceptionDefinition, DefinitionOrigin>;
}

/** Pairs each exported definition with its object literal: by `key` literal first, else by order. */
function pairWithLiterals(values: readonly Record<string, unknown>[], literals: readonly ts.ObjectLiteralExpression[], key: string) {
  const unused = [...literals];
  return values.map((value, index) => {
    const byKey = unused.findIndex((lit) => readStringProperty(lit, key) === value[key] && value[key] !== undefined);
    const chosen = byKey >= 0 ? unused.splice(byKey, 1)[0] : (unused.length > 0 && literals.length === values.length ? literals[index] : undefined);
    return { value, literal: chosen };
  });
}

function makeLocator(source: ModuleSource, literal: ts.ObjectLiteralExpression | undefined) {
  return (path: readonly PropertyKey[]) => (literal ? rangeOfNode(source, findNodeAtPath(literal, path)) : undefined);
}

function issueDiagnostics(issues: readonly z.core.$ZodIssue[], locate: DefinitionOrigin["locate"], file: string, ruleId?: string): Diagnostic[] {
  return issues.map((issue) => {
    const range = locate(issue.path);
    return errorDiagnostic("detection/schema", issue.message, {
      ...(range ? { range } : { file }),
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      ...(ruleId ? { ruleId } : {}),
    });
  });
}

interface ResolvedMitre {
  readonly techniques: MitreTechnique[];
  readonly tactics: MitreTactic[];
}

/** One technique id (at `path`) -> resolved, or a located error saying it is unknown, revoked or deprecated. */
function resolveTechniqueAt(id: string, tactics: readonly string[] | undefined, path: readonly PropertyKey[], ctx: MitreContext): MitreTechnique | undefined {
  const lookup = lookupMitreTechnique(id);
  const range = ctx.locate(path);
  const where = { ...(range ? { range } : { file: ctx.file }), ruleId: ctx.ruleId };
  if (lookup.kind === "unknown") {
    ctx.diagnostics.push(
      errorDiagnostic("detection/unknown-mitre", `Unknown MITRE ATT&CK technique "${id}"`, {
        ...where,
        notes: lookup.suggestions.length > 0 ? [`known techniques under ${id.split(".")[0]}: ${lookup.suggestions.join(", ")}`] : [`ATT&CK v${ATTACK_VERSION} has no such technique`],
      }),
    );
    return undefined;
  }
  if (lookup.kind !== "active") {
    ctx.diagnostics.push(
      errorDiagnostic("detection/retired-mitre", `MITRE ATT&CK technique "${id}" (${lookup.name}) is ${lookup.kind} in ATT&CK v${ATTACK_VERSION}`, {
        ...where,
        notes: [`map the technique that replaced it (see https://attack.mitre.org/techniques/${id.replace(".", "/")}/)`],
      }),
    );
    return undefined;
  }
  if (!tactics) return lookup.technique;
  foreignTactics(id, tactics).forEach((tactic) => {
    const at = ctx.locate([...path.slice(0, -1), "tactics", tactics.indexOf(tactic)]);
    ctx.diagnostics.push({
      severity: "warning",
      code: "detection/mitre-tactic-mismatch",
      message: `MITRE ATT&CK technique "${id}" (${lookup.technique.name}) is mapped under ${tactic}, a tactic it does not belong to`,
      ...(at ? { range: at } : { file: ctx.file }),
      ruleId: ctx.ruleId,
      notes: [`ATT&CK v${ATTACK_VERSION} lists it under ${lookup.technique.tactics.map((t) => `${t.id} ${t.name}`).join(", ") || "no tactic"}`],
    });
  });
  const unknownTactic = tactics.find((t) => !resolveMitreTactic(t));
  if (unknownTactic !== undefined) {
    ctx.diagnostics.push(errorDiagnostic("detection/unknown-mitre", `Unknown MITRE ATT&CK tactic "${unknownTactic}"`, { ...where }));
    return undefined;
  }
  return { ...lookup.technique, tactics: tactics.map((t) => resolveMitreTactic(t) as MitreTactic) };
}

interface MitreContext {
  readonly locate: DefinitionOrigin["locate"];
  readonly file: string;
  readonly ruleId: string;
  readonly diagnostics: Diagnostic[];
}

function resolveMitre(input: ParsedDetectionInput, locate: DefinitionOrigin["locate"], file: string, diagnostics: Diagnostic[]): ResolvedMitre {
  const ctx: MitreContext = { locate, file, ruleId: input.id, diagnostics };
  const out: ResolvedMitre = { techniques: [], tactics: [] };
  input.mitre.forEach((entry, index) => {
    if (typeof entry === "object") {
      const technique = resolveTechniqueAt(entry.technique, entry.tactics, ["mitre", index, "technique"], ctx);
      if (technique) out.techniques.push(technique);
    } else if (entry.startsWith("TA")) {
      const tactic = resolveMitreTactic(entry);
      const range = locate(["mitre", index]);
      if (tactic) out.tactics.push(tactic);
      else diagnostics.push(errorDiagnostic("detection/unknown-mitre", `Unknown MITRE ATT&CK tactic "${entry}"`, { ...(range ? { range } : { file }), ruleId: input.id }));
    } else {
      const technique = resolveTechniqueAt(entry, undefined, ["mitre", index], ctx);
      if (technique) out.techniques.push(technique);
    }
  });
  return out;
}

/** Telemetry must be named one way or the other: data sources, or index patterns. */
function checkTelemetry(input: ParsedDetectionInput, locate: DefinitionOrigin["locate"], file: string): Diagnostic[] {
  if (input.dataSources.length > 0 || (input.indices?.length ?? 0) > 0) return [];
  const range = locate(["dataSources"]);
  return [errorDiagnostic("detection/schema", "every detection states which telemetry it reads: dataSources, or indices when no data source fits", { ...(range ? { range } : { file }), path: ["dataSources"], ruleId: input.id })];
}

function buildDetection(input: ParsedDetectionInput, mitre: ResolvedMitre, absolute: string, file: string, source: ModuleSource, literal?: ts.ObjectLiteralExpression): Detection {
  const queryNode = literal ? findProperty(literal, "query") : undefined;
  const queryOrigin = queryNode ? positionOfNode(source, unwrapStringNode(queryNode), 1) : undefined;
  return {
    id: input.id,
    name: input.name,
    description: input.description,
    severity: input.severity,
    riskScore: input.riskScore,
    mitre: mitre.techniques,
    ...(mitre.tactics.length > 0 ? { mitreTactics: mitre.tactics } : {}),
    tags: input.tags,
    dataSources: input.dataSources,
    indices: input.indices ?? selectIndexPatterns(input.dataSources),
    query: input.query,
    timestampField: input.timestampField,
    ...(input.timestampOverride !== undefined ? { timestampOverride: input.timestampOverride } : {}),
    ...(input.tiebreakerField !== undefined ? { tiebreakerField: input.tiebreakerField } : {}),
    eventCategoryField: input.eventCategoryField,
    schedule: input.schedule,
    enabled: input.enabled,
    entityField: input.entityField,
    maxSignals: input.maxSignals,
    falsePositives: input.falsePositives,
    references: input.references,
    guide: input.guide,
    ...(input.setup !== undefined ? { setup: input.setup } : {}),
    ...(input.buildingBlock !== undefined ? { buildingBlock: input.buildingBlock } : {}),
    ...(input.relatedIntegrations !== undefined ? { relatedIntegrations: input.relatedIntegrations } : {}),
    ...(input.requiredFields !== undefined ? { requiredFields: input.requiredFields } : {}),
    ...(input.investigationFields !== undefined ? { investigationFields: input.investigationFields } : {}),
    author: input.author,
    license: input.license,
    version: input.version,
    exceptionNames: input.exceptions,
    tests: input.tests.map((t) => ({ ...t, fixture: resolve(dirname(absolute), t.fixture) })),
    source: { file, ...(queryOrigin ? { queryOrigin } : {}) },
  };
}

async function loadFile(absolute: string, state: LoadState): Promise<void> {
  const file = displayPath(absolute);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (err) {
    state.diagnostics.push(errorDiagnostic("detection/import-failed", `Cannot read ${file}: ${(err as Error).message}`, { file }));
    return;
  }
  state.sources.set(file, text);
  const { module, diagnostics } = await importDetectionModule(absolute, file, text);
  state.diagnostics.push(...diagnostics);
  if (!module) return;
  const source = parseModuleSource(file, text);

  for (const { value, literal } of pairWithLiterals(module.detections, findDefinitionObjects(source, "defineDetection"), "id")) {
    const locate = makeLocator(source, literal);
    const parsed = detectionInputSchema.safeParse(value);
    const ruleId = typeof value.id === "string" ? value.id : undefined;
    if (!parsed.success) {
      state.diagnostics.push(...issueDiagnostics(parsed.error.issues, locate, file, ruleId));
      continue;
    }
    const telemetry = checkTelemetry(parsed.data, locate, file);
    if (telemetry.length > 0) {
      state.diagnostics.push(...telemetry);
      continue;
    }
    const mitre = resolveMitre(parsed.data, locate, file, state.diagnostics);
    const detection = buildDetection(parsed.data, mitre, absolute, file, source, literal);
    const queryNode = literal ? findProperty(literal, "query") : undefined;
    const queryMap = queryNode ? mapStringLiteral(source, queryNode, detection.query) : undefined;
    state.detections.push(detection);
    state.origins.set(detection, { locate, ...(queryMap ? { queryMap } : {}) });
  }

  for (const { value, literal } of pairWithLiterals(module.exceptions, findDefinitionObjects(source, "defineException"), "name")) {
    const locate = makeLocator(source, literal);
    const parsed = exceptionInputSchema.safeParse(value);
    if (!parsed.success) {
      state.diagnostics.push(...issueDiagnostics(parsed.error.issues, locate, file));
      continue;
    }
    const range = locate(["name"]);
    const exception: ExceptionDefinition = { ...parsed.data, source: { file, ...(range ? { range } : {}) } };
    state.exceptions.push(exception);
    state.origins.set(exception, { locate });
  }

  for (const { value, literal } of pairWithLiterals(module.packs, findDefinitionObjects(source, "definePack"), "name")) {
    const parsed = packInputSchema.safeParse(value);
    if (!parsed.success) state.diagnostics.push(...issueDiagnostics(parsed.error.issues, makeLocator(source, literal), file));
    else {
      Object.assign(state.customFields, parsed.data.customFields);
      state.packs.push({
        name: parsed.data.name,
        dir: dirname(absolute),
        file,
        customFields: parsed.data.customFields,
        ...(parsed.data.importedFrom !== undefined ? { importedFrom: parsed.data.importedFrom } : {}),
      });
    }
  }
}

/**
 * Imports every detection module under `paths` (files or folders; fixtures
 * folders and *.test.ts are skipped) and validates each definition with zod.
 * Never throws for user content: a module that fails to import becomes a
 * `detection/import-failed` diagnostic naming the file, and loading goes on.
 */
export async function loadDetections(paths: readonly string[]): Promise<LoadedPack> {
  const state: LoadState = { detections: [], exceptions: [], customFields: {}, packs: [], diagnostics: [], sources: new Map(), origins: new Map() };
  const { files, missing } = discoverModuleFiles(paths);
  for (const path of missing) state.diagnostics.push(errorDiagnostic("detection/path-not-found", `No such file or folder: ${path}`, { file: path }));
  for (const absolute of files) await loadFile(absolute, state);
  // Deepest folder first, so findPackOf picks the innermost pack.
  state.packs.sort((a, b) => b.dir.length - a.dir.length);
  return state;
}
