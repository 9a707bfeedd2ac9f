import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadEnvironments, readPackageJsonMetadataPolicy, resolveEnvironment, type Environments, type MetadataPolicy } from "../../config/index.ts";
import { hasErrors, formatDiagnostics, type Diagnostic } from "../../diagnostics/index.ts";
import { loadDetections, promoteWarnings, resolveDetection, validatePack, type LoadedPack, type ValidationContext } from "../../detection/index.ts";
import { checkEql, defaultFieldSchema, parseEql } from "../../eql/index.ts";
import { checkOpenSearchSupport } from "../../targets/opensearch/index.ts";

export const DEFAULT_DETECTIONS_PATH = "detections/";
export const DEFAULT_ENVIRONMENTS_FILE = "environments.yaml";

/**
 * The EQL check validate runs: parse, then field and type checks against ECS,
 * the common Windows event log fields and the pack's custom fields. Ranges
 * come back relative to the query text; the detection validators move them
 * into the module file.
 */
export function selectQueryCheck(): NonNullable<ValidationContext["checkQuery"]> {
  // One schema per pack: building ECS + Windows + the pack's fields costs more than checking a query,
  // and every detection of a pack passes the same customFields object.
  const schemas = new WeakMap<object, ReturnType<typeof defaultFieldSchema>>();
  return (query, customFields) => {
    const parsed = parseEql(query);
    if (!parsed.ok) return parsed.diagnostics;
    let schema = schemas.get(customFields);
    if (!schema) schemas.set(customFields, (schema = defaultFieldSchema(customFields)));
    return [...parsed.diagnostics, ...checkEql(parsed.value, schema)];
  };
}

export interface CheckedPack {
  readonly pack: LoadedPack;
  readonly environments?: Environments;
  /** The metadata policy that applied (environments.yaml, else package.json's `dac` section). */
  readonly metadataPolicy?: MetadataPolicy;
  readonly diagnostics: readonly Diagnostic[];
  /** Texts for caret excerpts: the modules and environments.yaml. */
  readonly sources: Map<string, string>;
}

/** Checks every detection's exceptions resolve in the named environments (all of them by default). */
function checkExceptionValues(pack: LoadedPack, environments: Environments, only?: string): Diagnostic[] {
  const names = only !== undefined ? [only] : Object.keys(environments.environments);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const env = environments.environments[name];
    if (!env) {
      out.push({ severity: "error", code: "config/unknown-environment", message: `No environment named "${name}" in ${DEFAULT_ENVIRONMENTS_FILE}` });
      continue;
    }
    for (const detection of pack.detections) {
      const result = resolveDetection(detection, env.exceptionValues, pack.exceptions, name);
      for (const d of result.ok ? [] : result.diagnostics) {
        // Unknown exception names are reported once by the pack validators.
        if (d.code === "detection/unknown-exception") continue;
        const key = `${d.code}|${d.message}`;
        if (!seen.has(key)) out.push(d);
        seen.add(key);
      }
    }
  }
  return out;
}

/**
 * For an opensearch environment: every EQL construct its monitors cannot
 * evaluate (`sample`, missing-event stages, pipes, whole-minute schedules…),
 * located in the detection module, so `validate --env` fails where `deploy`
 * would. Detections whose exceptions do not resolve were reported above.
 */
function checkTargetSupport(pack: LoadedPack, environments: Environments, name: string): Diagnostic[] {
  const env = environments.environments[name];
  if (env?.engine !== "opensearch") return [];
  const out: Diagnostic[] = [];
  for (const detection of pack.detections) {
    const resolved = resolveDetection(detection, env.exceptionValues, pack.exceptions, name);
    if (resolved.ok) out.push(...checkOpenSearchSupport(resolved.value));
  }
  return out;
}

/**
 * Loads and validates a pack the way `dac validate` does; other commands reuse
 * it. `checkTarget` (validate only) adds the target checks of `env`: other
 * commands either compile for the target themselves or never reach it.
 */
/**
 * `--schema-from-target`: the live field types of the indices the pack reads
 * in `env`, added to the pack's declarations (the pack's own types win), so
 * the EQL checker and the field validators both know the cluster's fields.
 */
async function withLiveFields(pack: LoadedPack, environments: Environments, env: string): Promise<{ pack: LoadedPack; diagnostics: Diagnostic[] }> {
  const resolved = resolveEnvironment(environments, env);
  if (!resolved.ok) return { pack, diagnostics: [...resolved.diagnostics] };
  const { createOpenSearchHttp, connectionOf, readLiveFieldTypes } = await import("../../sync/index.ts");
  const indices = [...new Set(pack.detections.flatMap((d) => d.indices))];
  try {
    const live = await readLiveFieldTypes(createOpenSearchHttp(connectionOf(resolved.value)), indices);
    return { pack: { ...pack, customFields: { ...live, ...pack.customFields } }, diagnostics: [] };
  } catch (err) {
    const message = `Cannot read the field mappings of ${indices.join(", ")} in environment "${env}": ${err instanceof Error ? err.message : String(err)}`;
    return { pack, diagnostics: [{ severity: "error", code: "validate/schema-from-target", message }] };
  }
}

export async function loadCheckedPack(
  paths: readonly string[],
  options: { env?: string; environmentsFile?: string; checkTarget?: boolean; strict?: boolean; schemaFromTarget?: boolean } = {},
): Promise<CheckedPack> {
  let pack = await loadDetections(paths);
  const sources = new Map(pack.sources);
  const diagnostics: Diagnostic[] = [...pack.diagnostics];
  const file = options.environmentsFile ?? DEFAULT_ENVIRONMENTS_FILE;
  let environments: Environments | undefined;
  if (existsSync(file) || options.env !== undefined) {
    const loaded = loadEnvironments(file);
    if (existsSync(file)) sources.set(file, readFileSync(file, "utf8"));
    if (loaded.ok) environments = loaded.value;
    else diagnostics.push(...loaded.diagnostics);
  }
  if (options.schemaFromTarget) {
    if (environments && options.env !== undefined) {
      const live = await withLiveFields(pack, environments, options.env);
      pack = live.pack;
      diagnostics.push(...live.diagnostics);
    } else if (options.env === undefined) {
      diagnostics.push({ severity: "error", code: "validate/schema-from-target", message: "--schema-from-target reads the mappings of an environment: name it with --env" });
    }
  }
  let metadataPolicy = environments?.metadataPolicy;
  if (metadataPolicy === undefined) {
    const fromPackage = readPackageJsonMetadataPolicy(dirname(file));
    if (fromPackage.ok) metadataPolicy = fromPackage.value;
    else diagnostics.push(...fromPackage.diagnostics);
  }
  diagnostics.push(...validatePack(pack, { checkQuery: selectQueryCheck(), ...(metadataPolicy ? { metadataPolicy } : {}) }));
  if (environments) {
    diagnostics.push(...checkExceptionValues(pack, environments, options.env));
    if (options.env !== undefined && options.checkTarget) diagnostics.push(...checkTargetSupport(pack, environments, options.env));
  }
  const reported = options.strict ? promoteWarnings(diagnostics) : diagnostics;
  return { pack, diagnostics: reported, sources, ...(environments ? { environments } : {}), ...(metadataPolicy ? { metadataPolicy } : {}) };
}

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("Check detection modules: schema, MITRE ids, fields, EQL, exceptions, tests and fixtures. Exit 1 on any error.")
    .argument("[paths...]", "detection module files or folders", [DEFAULT_DETECTIONS_PATH])
    .option("--env <name>", "check exception values against this environment only (default: every environment), and for an opensearch environment that every query compiles to a monitor")
    .option("--environments <file>", "environments file", DEFAULT_ENVIRONMENTS_FILE)
    .option("--schema-from-target", "also accept the fields the --env environment's indices really map (read with _field_caps), with their live types")
    .option("--strict", "treat warnings (metadata the policy sets to warn, ATT&CK tactic mismatches...) as errors")
    .option("--json", "print the diagnostics as JSON")
    .action(async (paths: string[], opts: { env?: string; environments: string; json?: boolean; strict?: boolean; schemaFromTarget?: boolean }) => {
      const checked = await loadCheckedPack(paths, {
        ...(opts.env !== undefined ? { env: opts.env } : {}),
        environmentsFile: opts.environments,
        checkTarget: true,
        strict: opts.strict === true,
        schemaFromTarget: opts.schemaFromTarget === true,
      });
      const failed = hasErrors(checked.diagnostics);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ok: !failed, detections: checked.pack.detections.length, exceptions: checked.pack.exceptions.length, diagnostics: checked.diagnostics }, null, 2) + "\n");
      } else {
        if (checked.diagnostics.length > 0) process.stderr.write(formatDiagnostics(checked.diagnostics, checked.sources) + "\n");
        const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
        const warnings = checked.diagnostics.filter((d) => d.severity === "warning").length;
        const warned = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : "";
        const summary = `${checked.pack.detections.length} detections, ${checked.pack.exceptions.length} exceptions: ${errors === 0 ? "ok" : `${errors} error${errors === 1 ? "" : "s"}`}${warned}\n`;
        (failed ? process.stderr : process.stdout).write(summary);
      }
      process.exitCode = failed ? 1 : 0;
    });
}
