import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { loadEnvironments, resolveEnvironment } from "../../config/index.ts";
import { createTargetAdapters, exportTarget, type ExportResult } from "../../sync/index.ts";
import { writeDiagnostics } from "./plan.ts";

interface ExportFlags {
  readonly env: string;
  readonly environments: string;
  readonly out: string;
}

/** Registers `dac export`: live rules/monitors -> detection modules. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("write the rules/monitors of an environment as detection modules (managed ones exactly; unmanaged ones translated where possible)")
    .requiredOption("--env <name>", "environment from the environments file")
    .option("--environments <file>", "environments file", "environments.yaml")
    .option("--out <dir>", "folder to write the modules to", "exported")
    .action(async (flags: ExportFlags) => {
      process.exitCode = await runExport(flags);
    });
}

async function runExport(flags: ExportFlags): Promise<number> {
  const envs = loadEnvironments(flags.environments);
  const env = envs.ok ? resolveEnvironment(envs.value, flags.env) : envs;
  if (!env.ok) {
    writeDiagnostics(env.diagnostics);
    return 1;
  }
  const adapters = createTargetAdapters(env.value);
  let failed = false;
  for (const adapter of adapters) {
    // One folder per Kibana space when there are several.
    const out = adapters.length > 1 ? join(flags.out, slugForLocation(adapter.location)) : flags.out;
    let result: ExportResult;
    try {
      result = await exportTarget(adapter, out);
    } catch (err) {
      process.stderr.write(`dac export: ${err instanceof Error ? err.message : String(err)}\n`);
      failed = true;
      continue;
    }
    for (const module of result.modules) {
      const file = join(out, module.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, module.text);
    }
    process.stdout.write(renderExportSummary(result, out));
  }
  return failed ? 1 : 0;
}

function renderExportSummary(result: ExportResult, out: string): string {
  const managed = result.modules.filter((m) => m.managed).length;
  const lines = [
    `Exported from ${result.target.kind} ${result.target.location} to ${out}/: ${managed} managed detection(s), ${result.modules.length - managed} unmanaged translated, ${result.skipped.length} not exportable.`,
  ];
  if (managed > 0) lines.push("  Managed detections keep their exception names: keep the pack's exception definitions next to them.");
  if (result.modules.length > managed) lines.push(`  Translated monitors in ${out}/unmanaged/ need their TODOs (MITRE, data sources) filled in; dac validate points at them.`);
  for (const skip of result.skipped) lines.push(`  not exported: ${skip.name} (${skip.id}): ${skip.reason}`);
  return lines.join("\n") + "\n";
}

function slugForLocation(location: string): string {
  return location.replace(/^https?:\/\//, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
