import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { loadEnvironments, resolveEnvironment } from "../../config/index.ts";
import {
  applyPlan,
  createTargetAdapters,
  parsePlanFile,
  planHasChanges,
  planSession,
  renderApplyReportHuman,
  renderApplyReportsJson,
  renderApplyResultLine,
  renderPlanHuman,
  type ApplyReport,
  type LiveState,
  type Plan,
  type TargetAdapter,
} from "../../sync/index.ts";
import { addSyncFlags, openSession, writeDiagnostics, type SyncCommandFlags } from "./plan.ts";

interface DeployFlags extends SyncCommandFlags {
  readonly yes?: boolean;
  readonly prune?: boolean;
  readonly plan?: string;
  readonly concurrency: string;
  readonly json?: boolean;
}

/** What to apply on one target: the plan, plus the live state when it was read in this run. */
interface Step {
  readonly adapter: TargetAdapter;
  readonly plan: Plan;
  readonly plannedLive?: LiveState;
}

/** Registers `dac deploy`: plan, confirm, apply. */
export function registerDeployCommand(program: Command): void {
  addSyncFlags(program.command("deploy").description("plan, confirm and apply detections to an environment"))
    .option("--yes", "apply without asking (required when not on a terminal)")
    .option("--prune", "delete managed rules that are no longer in code")
    .option("--plan <file>", "apply a plan saved by `dac plan --out` (refused if the target changed since)")
    .option("--concurrency <n>", "changes in flight at once per target", "4")
    .option("--json", "print the apply reports as JSON instead of progress lines")
    .action(async (flags: DeployFlags) => {
      process.exitCode = await runDeploy(flags);
    });
}

async function runDeploy(flags: DeployFlags): Promise<number> {
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`dac deploy: --concurrency must be a positive integer, not "${flags.concurrency}"\n`);
    return 1;
  }
  const steps = flags.plan !== undefined ? loadSavedSteps(flags, flags.plan) : await planSteps(flags);
  if (!steps) return 1;
  const color = process.stdout.isTTY === true;
  const human = flags.json !== true;
  const out = human ? process.stdout : process.stderr;
  out.write(steps.map((s) => renderPlanHuman(s.plan, { color })).join("\n"));
  if (!steps.some((s) => planHasChanges(s.plan))) {
    if (!human) process.stdout.write(renderApplyReportsJson([]));
    return 0;
  }
  if (!(await confirmDeploy(flags))) return 1;
  const reports: ApplyReport[] = [];
  for (const step of steps) {
    if (!planHasChanges(step.plan)) continue;
    try {
      reports.push(
        await applyPlan(step.plan, step.adapter, {
          concurrency,
          ...(step.plannedLive ? { plannedLive: step.plannedLive } : {}),
          hooks: human ? { onDone: (r) => process.stdout.write(renderApplyResultLine(r, color) + "\n") } : {},
        }),
      );
    } catch (err) {
      process.stderr.write(`dac deploy: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }
  if (human) process.stdout.write("\n" + reports.map((r) => renderApplyReportHuman(r, color)).join(""));
  else process.stdout.write(renderApplyReportsJson(reports));
  return reports.some((r) => r.failed > 0) ? 1 : 0;
}

async function planSteps(flags: DeployFlags): Promise<Step[] | undefined> {
  const session = await openSession(flags);
  if (!session) return undefined;
  try {
    const planned = await planSession(session, { prune: flags.prune === true });
    return planned.map((p) => ({ adapter: p.adapter, plan: p.plan, plannedLive: p.live }));
  } catch (err) {
    process.stderr.write(`dac deploy: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

/** A saved plan: only the environment is loaded (for its URL and credentials), not the detections. */
function loadSavedSteps(flags: DeployFlags, file: string): Step[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    process.stderr.write(`dac deploy: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return undefined;
  }
  const parsed = parsePlanFile(text, file);
  if (!parsed.ok) return void writeDiagnostics(parsed.diagnostics);
  if (parsed.value.environment !== flags.env) {
    process.stderr.write(`dac deploy: ${file} was planned for environment "${parsed.value.environment}", not "${flags.env}"\n`);
    return undefined;
  }
  if (flags.prune) process.stderr.write(`dac deploy: --prune is ignored with --plan; the saved plan decides (it was planned with prune ${parsed.value.plans.some((p) => p.prune) ? "on" : "off"})\n`);
  const envs = loadEnvironments(flags.environments);
  const env = envs.ok ? resolveEnvironment(envs.value, flags.env) : envs;
  if (!env.ok) return void writeDiagnostics(env.diagnostics);
  const adapters = createTargetAdapters(env.value);
  const steps: Step[] = [];
  for (const plan of parsed.value.plans) {
    const adapter = adapters.find((a) => a.kind === plan.target.kind && a.location === plan.target.location);
    if (!adapter) {
      process.stderr.write(`dac deploy: ${file} has a plan for ${plan.target.kind} ${plan.target.location}, which environment "${flags.env}" no longer targets\n`);
      return undefined;
    }
    steps.push({ adapter, plan });
  }
  return steps;
}

/**
 * Asks on a terminal unless --yes. Without a terminal and without --yes it
 * refuses: a CI job that forgot --yes must not hang on a prompt nobody sees,
 * nor deploy without anyone having agreed to.
 */
async function confirmDeploy(flags: DeployFlags): Promise<boolean> {
  if (flags.yes) return true;
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    process.stderr.write("dac deploy: not on a terminal, so nothing was applied; pass --yes to deploy without confirmation\n");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question("\nApply these changes? Only 'yes' will be accepted: ");
    if (answer.trim() === "yes") return true;
    process.stdout.write("Deploy cancelled; nothing was changed.\n");
    return false;
  } finally {
    rl.close();
  }
}
