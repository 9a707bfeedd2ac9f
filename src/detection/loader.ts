/**
 * loadDetections: module files -> validated Detection values plus every
 * problem found, each located in the module (zod issue paths are mapped to
 * the object literal's properties with the TypeScript compiler API).
 */
import { registerQueryMap } from "./query-location.ts";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type ts from "typescript";
import type { z } from "zod";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/index.ts";
import { discoverModuleFiles, displayPath } from "./discover.ts";
import type { ExceptionDefinition } from "./exceptions.ts";
import { selectIndexPatterns } from "./index-patterns.ts";
import { resolveMitreTechnique, suggestMitreTechniques } from "./mitre.ts";
import type { Detection, MitreTechnique } from "./model.ts";
import { importDetectionModule } from "./module-import.ts";
import type { DefinitionOrigin, LoadedPack } from "./pack.ts";
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

function resolveMitre(input: ParsedDetectionInput, locate: DefinitionOrigin["locate"], file: string, diagnostics: Diagnostic[]): MitreTechnique[] {
  const resolved: MitreTechnique[] = [];
  input.mitre.forEach((id, index) => {
    const technique = resolveMitreTechnique(id);
    if (technique) resolved.push(technique);
    else {
      const range = locate(["mitre", index]);
      const suggestions = suggestMitreTechniques(id);
      diagnostics.push(
        errorDiagnostic("detection/unknown-mitre", `Unknown MITRE ATT&CK technique "${id}"`, {
          ...(range ? { range } : { file }),
          ruleId: input.id,
          notes: suggestions.length > 0 ? [`known techniques under ${id.split(".")[0]}: ${suggestions.join(", ")}`] : ["add it to src/detection/mitre-catalogue.ts if it is a real technique"],
        }),
      );
    }
  });
  return resolved;
}

function buildDetection(input: ParsedDetectionInput, mitre: MitreTechnique[], absolute: string, file: string, source: ModuleSource, literal?: ts.ObjectLiteralExpression): Detection {
  const queryNode = literal ? findProperty(literal, "query") : undefined;
  const queryOrigin = queryNode ? positionOfNode(source, unwrapStringNode(queryNode), 1) : undefined;
  return {
    id: input.id,
    name: input.name,
    description: input.description,
    severity: input.severity,
    riskScore: input.riskScore,
    mitre,
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
    const mitre = resolveMitre(parsed.data, locate, file, state.diagnostics);
    const detection = buildDetection(parsed.data, mitre, absolute, file, source, literal);
    const queryNode = literal ? findProperty(literal, "query") : undefined;
    const queryMap = queryNode ? mapStringLiteral(source, queryNode, detection.query) : undefined;
    state.detections.push(detection);
    state.origins.set(detection, { locate, ...(queryMap ? { queryMap } : {}) });
    if (queryMap) registerQueryMap(detection, queryMap);
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
    else Object.assign(state.customFields, parsed.data.customFields);
  }
}

/**
 * Imports every detection module under `paths` (files or folders; fixtures
 * folders and *.test.ts are skipped) and validates each definition with zod.
 * Never throws for user content: a module that fails to import becomes a
 * `detection/import-failed` diagnostic naming the file, and loading goes on.
 */
export async function loadDetections(paths: readonly string[]): Promise<LoadedPack> {
  const state: LoadState = { detections: [], exceptions: [], customFields: {}, diagnostics: [], sources: new Map(), origins: new Map() };
  const { files, missing } = discoverModuleFiles(paths);
  for (const path of missing) state.diagnostics.push(errorDiagnostic("detection/path-not-found", `No such file or folder: ${path}`, { file: path }));
  for (const absolute of files) await loadFile(absolute, state);
  return state;
}
