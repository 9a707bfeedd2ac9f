import type { Command } from "commander";
import { formatDiagnostics, hasErrors } from "../../diagnostics/index.ts";
import { applyModuleWrites, importElasticRules, type ElasticImport } from "../../importers/index.ts";

interface ImportElasticFlags {
  readonly out: string;
  readonly pack?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** Registers `dac import elastic`: detection-rules TOML / Kibana export NDJSON -> detection modules. */
export function registerImportElasticCommand(group: Command): void {
  group
    .command("elastic")
    .description("import Elastic rules: detection-rules TOML (a file, a folder, or the repository) and Kibana rule export NDJSON; each EQL rule becomes one module")
    .argument("<paths...>", "TOML/NDJSON files, folders, or a detection-rules checkout (its rules/ and rules_building_block/)")
    .option("--out <dir>", "pack folder to write the modules to", "detections/elastic")
    .option("--pack <name>", "definePack name (default: the --out folder's name)")
    .option("--dry-run", "show what would be written, write nothing")
    .option("--json", "print the import report as JSON")
    .action((paths: string[], flags: ImportElasticFlags) => {
      const result = importElasticRules(paths, { outDir: flags.out, ...(flags.pack !== undefined ? { packName: flags.pack } : {}) });
      if (!flags.dryRun) applyModuleWrites(result.writes);
      process.stdout.write(flags.json ? renderImportJson(result, flags.dryRun === true) : renderImportHuman(result, flags.dryRun === true));
      if (!flags.json && result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, new Map()) + "\n");
      process.exitCode = hasErrors(result.diagnostics) ? 1 : 0;
    });
}

function count(result: ElasticImport, kind: string): number {
  return result.writes.filter((w) => w.kind === kind).length;
}

export function renderImportHuman(result: ElasticImport, dryRun: boolean): string {
  const lines: string[] = [];
  for (const write of result.writes) if (write.kind !== "unchanged") lines.push(`${write.kind === "conflict" ? "!" : write.kind === "create" ? "+" : "~"} ${write.file}${write.reason ? `: ${write.reason}` : ""}`);
  for (const skip of result.skipped) lines.push(`- skipped ${skip.origin}${skip.name ? ` "${skip.name}"` : ""}: ${skip.reason}`);
  const verb = dryRun ? "would write" : "wrote";
  lines.push(
    `${result.imported.length} rules imported into ${result.outDir}/ (pack "${result.packName}", ${Object.keys(result.fields).length} extra field declarations): ` +
      `${verb} ${count(result, "create")} new, ${count(result, "update")} updated, ${count(result, "unchanged")} unchanged; ` +
      `${count(result, "conflict")} conflicts left alone; ${result.skipped.length} skipped.`,
  );
  if (result.imported.length > 0 && !dryRun) lines.push(`Next: dac validate ${result.outDir}`);
  return lines.join("\n") + "\n";
}

function renderImportJson(result: ElasticImport, dryRun: boolean): string {
  return (
    JSON.stringify(
      {
        dryRun,
        outDir: result.outDir,
        pack: result.packName,
        imported: result.imported,
        skipped: result.skipped,
        fields: result.fields,
        writes: result.writes.map((w) => ({ kind: w.kind, path: w.path, ...(w.reason ? { reason: w.reason } : {}) })),
        diagnostics: result.diagnostics,
      },
      null,
      2,
    ) + "\n"
  );
}
