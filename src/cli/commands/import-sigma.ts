import type { Command } from "commander";
import { formatDiagnostics, hasErrors, type Diagnostic } from "../../diagnostics/index.ts";
import { applyModuleWrites, sigma } from "../../importers/index.ts";

interface ImportSigmaFlags {
  out: string;
  pipeline: string[];
  license: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Counts refusals by code, most frequent first. */
function countByCode(refused: readonly { code: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of refused) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function registerImportSigmaCommand(group: Command): void {
  group
    .command("sigma")
    .description("Import Sigma rules, correlations and filters as detection modules (EQL), checked for Elastic and OpenSearch.")
    .argument("<paths...>", "Sigma rule files or folders (.yml)")
    .option("--out <dir>", "pack folder to write", "detections/sigma")
    .option("--pipeline <name|file>", `processing pipeline, repeatable, first match wins (built-in: ${sigma.listBuiltinPipelines().join(", ")}; default ${sigma.DEFAULT_PIPELINE})`, (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--license <id>", "licence of rules that state none (SigmaHQ's rules are under the Detection Rule License 1.1)", "DRL-1.1")
    .option("--dry-run", "print what would be written and refused; write nothing")
    .option("--json", "print the report as JSON")
    .action((paths: string[], opts: ImportSigmaFlags) => {
      const names = opts.pipeline.length > 0 ? opts.pipeline : [sigma.DEFAULT_PIPELINE];
      const pipelines: sigma.Pipeline[] = [];
      const problems: Diagnostic[] = [];
      for (const name of names) {
        const loaded = sigma.loadPipeline(name);
        if (loaded.ok) pipelines.push(loaded.value);
        else problems.push(...loaded.diagnostics);
      }
      if (problems.length > 0) {
        process.stderr.write(formatDiagnostics(problems, new Map()) + "\n");
        process.exitCode = 1;
        return;
      }
      const plan = sigma.planSigmaImport(paths, { out: opts.out, pipelines, defaultLicense: opts.license });
      const writes = sigma.planImportWrites(plan, opts.out);
      if (!opts.dryRun) applyModuleWrites(writes);
      const refusals: Diagnostic[] = plan.refused.map((r) => ({
        severity: "warning",
        code: r.code,
        message: `not imported: ${r.title ?? r.source}${r.sigmaId ? ` (${r.sigmaId})` : ""}: ${r.message}`,
        ...(r.range ? { range: r.range } : { file: r.source }),
      }));
      const byKind = (k: string) => writes.filter((w) => w.kind === k).length;
      const failed = hasErrors(plan.diagnostics);
      if (opts.json) {
        process.stdout.write(JSON.stringify({
          ok: !failed,
          dryRun: opts.dryRun === true,
          imported: plan.modules.map((m) => ({ id: m.id, sigmaId: m.sigmaId, source: m.source, file: m.file })),
          writes: writes.map((w) => ({ kind: w.kind, file: w.file, ...(w.reason ? { reason: w.reason } : {}) })),
          refused: plan.refused,
          refusedByCode: Object.fromEntries(countByCode(plan.refused)),
          diagnostics: plan.diagnostics,
        }, null, 2) + "\n");
      } else {
        const shown = [...plan.diagnostics, ...refusals];
        if (shown.length > 0) process.stderr.write(formatDiagnostics(shown, plan.sources) + "\n");
        for (const w of writes.filter((x) => x.kind === "conflict")) process.stderr.write(`conflict: ${w.file}: ${w.reason}\n`);
        const verb = opts.dryRun ? "would write" : "wrote";
        process.stdout.write(`${plan.modules.length} detections imported, ${plan.refused.length} refused, ${plan.diagnostics.length} broken files; ${verb} ${byKind("create")} new, ${byKind("update")} updated, ${byKind("unchanged")} unchanged, ${byKind("conflict")} conflicts in ${opts.out}\n`);
        for (const [code, n] of countByCode(plan.refused)) process.stdout.write(`  refused ${String(n).padStart(5)}  ${code}\n`);
      }
      process.exitCode = failed ? 1 : 0;
    });
}
