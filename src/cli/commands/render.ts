import { dirname, resolve as resolvePath } from "node:path";
import { existsSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { deriveDefaultProjectName, loadEnvironments, resolveEnvironment, type ResolvedEnvironment } from "../../config/index.ts";
import { errorDiagnostic, formatDiagnostics, hasErrors, type Diagnostic } from "../../diagnostics/index.ts";
import { loadDetections, resolveDetection, type LoadedPack } from "../../detection/index.ts";
import type { ResolvedDetection } from "../../detection/index.ts";
import { applyEnvironmentToDetection } from "../../sync/index.ts";
import { renderKibanaImportNdjson } from "../../targets/elastic/index.ts";
import { compileMonitor } from "../../targets/opensearch/index.ts";
import { DEFAULT_DETECTIONS_PATH, selectDetectionPaths } from "./detection-paths.ts";

/**
 * `dac render`: the files a target would receive, without contacting it.
 *  - `--target elastic --format ndjson`: a Kibana `_import` file (rules,
 *    exception lists and items) for Security > Rules > Import, or
 *    POST /api/detection_engine/rules/_import?overwrite=true&overwrite_exceptions=true;
 *  - `--target opensearch --format json`: the Alerting monitor bodies.
 * With `--env`, the environment's exception values, index overrides and rule
 * defaults apply; without it, the `test` environment's (when the environments
 * file has one).
 */

interface RenderFlags {
  readonly target: "elastic" | "opensearch";
  readonly format?: "ndjson" | "json";
  readonly env?: string;
  readonly environments: string;
  readonly detections?: string[];
  readonly out?: string;
}

const FORMATS = { elastic: "ndjson", opensearch: "json" } as const;

export function registerRenderCommand(program: Command): void {
  program
    .command("render")
    .description("print what would be deployed: a Kibana _import ndjson file or OpenSearch monitor JSON")
    .addOption(new Option("--target <target>", "target to render for").choices(["elastic", "opensearch"]).makeOptionMandatory())
    .addOption(new Option("--format <format>", "output format (elastic: ndjson, opensearch: json)").choices(["ndjson", "json"]))
    .option("--env <name>", "apply this environment's exception values, indices and rule defaults")
    .option("--environments <file>", "environments file", "environments.yaml")
    .addOption(new Option("--detections <path...>", `detection module files or folders (default: ${DEFAULT_DETECTIONS_PATH})`))
    .option("--out <file>", "write to a file instead of stdout")
    .action(async (flags: RenderFlags) => {
      process.exitCode = await runRender(flags);
    });
}

async function runRender(flags: RenderFlags): Promise<number> {
  const expected = FORMATS[flags.target];
  if (flags.format !== undefined && flags.format !== expected) {
    process.stderr.write(`dac render: --target ${flags.target} renders --format ${expected}, not ${flags.format}\n`);
    return 1;
  }
  const envName = flags.env ?? (hasTestEnvironment(flags.environments) ? "test" : undefined);
  const env = envName === undefined ? undefined : readEnvironment(flags.environments, envName);
  if (env && !env.ok) return fail(env.diagnostics);
  const pack = await loadDetections(selectDetectionPaths(undefined, flags.detections));
  if (hasErrors(pack.diagnostics)) return fail(pack.diagnostics, pack.sources);
  const resolved = resolvePack(pack, env?.value);
  if (hasErrors(resolved.diagnostics)) return fail(resolved.diagnostics, pack.sources);
  // The same ownership markers a deploy writes, so an import is not adopted later as someone else's.
  const project = env?.value.project ?? deriveDefaultProjectName(dirname(resolvePath(flags.environments)));
  const rendered =
    flags.target === "elastic" ? { text: renderKibanaImportNdjson(resolved.detections, { project }), diagnostics: [] } : renderMonitors(resolved.detections, project);
  if (hasErrors(rendered.diagnostics)) return fail(rendered.diagnostics, pack.sources);
  if (flags.out !== undefined) {
    writeFileSync(flags.out, rendered.text);
    process.stderr.write(`Wrote ${resolved.detections.length} detections for ${flags.target} to ${flags.out}\n`);
  } else process.stdout.write(rendered.text);
  return 0;
}

/**
 * Rendering never connects, so credentials are not needed: the environment is
 * resolved with a stand-in for every variable it names. The stand-in is never
 * sent anywhere and never printed.
 */
function readEnvironment(file: string, name: string): { ok: true; value: ResolvedEnvironment } | { ok: false; diagnostics: readonly Diagnostic[] } {
  const envs = loadEnvironments(file);
  if (!envs.ok) return { ok: false, diagnostics: envs.diagnostics };
  const offline = new Proxy({}, { get: () => "not-used-by-render" }) as Record<string, string>;
  const env = resolveEnvironment(envs.value, name, offline);
  return env.ok ? { ok: true, value: env.value } : { ok: false, diagnostics: env.diagnostics };
}

/** Without --env, the environments file's `test` environment (the pack's test values) applies when there is one. */
function hasTestEnvironment(file: string): boolean {
  if (!existsSync(file)) return false;
  const envs = loadEnvironments(file);
  return envs.ok && Object.hasOwn(envs.value.environments, "test");
}

function resolvePack(pack: LoadedPack, env: ResolvedEnvironment | undefined): { detections: ResolvedDetection[]; diagnostics: Diagnostic[] } {
  const detections: ResolvedDetection[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const detection of pack.detections) {
    const resolved = resolveDetection(detection, env?.exceptionValues ?? {}, pack.exceptions, env?.name ?? "test");
    if (!resolved.ok) diagnostics.push(...resolved.diagnostics);
    else detections.push(env ? applyEnvironmentToDetection(resolved.value, env) : resolved.value);
  }
  return { detections, diagnostics };
}

function renderMonitors(detections: readonly ResolvedDetection[], project: string): { text: string; diagnostics: Diagnostic[] } {
  const monitors: unknown[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const detection of [...detections].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    try {
      const result = compileMonitor(detection, { project });
      if (result.ok) monitors.push({ id: detection.id, monitor: result.value });
      else diagnostics.push(...result.diagnostics);
    } catch (err) {
      diagnostics.push(errorDiagnostic("render/compile-failed", `cannot compile detection "${detection.id}": ${err instanceof Error ? err.message : String(err)}`, { ruleId: detection.id, file: detection.source.file }));
    }
  }
  return { text: JSON.stringify(monitors, null, 2) + "\n", diagnostics };
}

function fail(diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): number {
  process.stderr.write(formatDiagnostics(diagnostics, sources) + "\n");
  return 1;
}
