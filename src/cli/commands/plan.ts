import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { formatDiagnostics, type Diagnostic } from "../../diagnostics/index.ts";
import { DEFAULT_DETECTIONS_PATH, selectDetectionPaths } from "./detection-paths.ts";
import {
  planHasChanges,
  planSession,
  prepareSyncSession,
  renderPlanFile,
  renderPlanHuman,
  type PlanFile,
  type PlannedTarget,
  type SyncSession,
} from "../../sync/index.ts";

/** Flags shared by plan, deploy and export. */
export interface SyncCommandFlags {
  readonly env: string;
  readonly environments: string;
  readonly detections?: string[];
}

export function addSyncFlags(command: Command): Command {
  return command
    .requiredOption("--env <name>", "environment from the environments file")
    .option("--environments <file>", "environments file", "environments.yaml")
    .addOption(new Option("--detections <path...>", `detection module files or folders (default: ${DEFAULT_DETECTIONS_PATH})`));
}

export function writeDiagnostics(diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): void {
  if (diagnostics.length > 0) process.stderr.write(formatDiagnostics(diagnostics, sources) + "\n");
}

/** Loads, validates and compiles; prints problems and returns undefined when anything is wrong. */
export async function openSession(flags: SyncCommandFlags): Promise<SyncSession | undefined> {
  const prepared = await prepareSyncSession({ environmentsFile: flags.environments, environment: flags.env, detections: selectDetectionPaths(undefined, flags.detections) });
  writeDiagnostics(prepared.diagnostics, prepared.sources);
  return prepared.ok ? prepared.session : undefined;
}

export function toPlanFile(environment: string, planned: readonly PlannedTarget[]): PlanFile {
  return { formatVersion: 1, environment, plans: planned.map((p) => p.plan) };
}

export function renderPlansHuman(planned: readonly PlannedTarget[], color: boolean): string {
  return planned.map((p) => renderPlanHuman(p.plan, { color })).join("\n");
}

interface PlanFlags extends SyncCommandFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly detailedExitcode?: boolean;
  readonly prune?: boolean;
}

/** Registers `dac plan`: what a deploy would change, without changing anything. */
export function registerPlanCommand(program: Command): void {
  addSyncFlags(program.command("plan").description("show what `dac deploy` would change on an environment, without changing it"))
    .option("--json", "print the plan as JSON (formatVersion 1)")
    .option("--out <file>", "also save the plan for `dac deploy --plan <file>`")
    .option("--prune", "plan deletes of managed rules that are no longer in code")
    .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on error")
    .action(async (flags: PlanFlags) => {
      process.exitCode = await runPlan(flags);
    });
}

async function runPlan(flags: PlanFlags): Promise<number> {
  const session = await openSession(flags);
  if (!session) return 1;
  let planned: PlannedTarget[];
  try {
    planned = await planSession(session, { prune: flags.prune === true });
  } catch (err) {
    process.stderr.write(`dac plan: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const file = toPlanFile(session.env.name, planned);
  if (flags.out !== undefined) writeFileSync(flags.out, renderPlanFile(file));
  if (flags.json) process.stdout.write(renderPlanFile(file));
  else {
    process.stdout.write(renderPlansHuman(planned, process.stdout.isTTY === true));
    if (flags.out !== undefined) process.stdout.write(`\nSaved the plan to ${flags.out}. Apply it with: dac deploy --env ${session.env.name} --plan ${flags.out}\n`);
  }
  const changed = planned.some((p) => planHasChanges(p.plan));
  return flags.detailedExitcode && changed ? 2 : 0;
}
