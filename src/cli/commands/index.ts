import type { Command } from "commander";

export type CommandRegistration = (program: Command) => void;

/**
 * Every subcommand, in the order `dac --help` lists them, each loaded on
 * demand: `dac eql search` must not pay for loading testcontainers, the
 * Kibana contract code or the sync engine (start-up dominates short runs, and
 * the EQL bench measures it end to end).
 */
export const commandLoaders: ReadonlyArray<{ readonly name: string; readonly load: () => Promise<CommandRegistration> }> = [
  { name: "up", load: async () => (await import("./up.ts")).registerUpCommand },
  { name: "validate", load: async () => (await import("./validate.ts")).registerValidateCommand },
  { name: "list", load: async () => (await import("./list.ts")).registerListCommand },
  { name: "test", load: async () => (await import("./test.ts")).registerTestCommand },
  { name: "scan", load: async () => (await import("./scan.ts")).registerScanCommand },
  { name: "plan", load: async () => (await import("./plan.ts")).registerPlanCommand },
  { name: "deploy", load: async () => (await import("./deploy.ts")).registerDeployCommand },
  { name: "export", load: async () => (await import("./export.ts")).registerExportCommand },
  { name: "import", load: async () => (await import("./import.ts")).loadImportCommand() },
  { name: "render", load: async () => (await import("./render.ts")).registerRenderCommand },
  { name: "eql", load: async () => (await import("./eql.ts")).registerEqlCommand },
  { name: "cluster", load: async () => (await import("./cluster.ts")).registerClusterCommand },
];

/**
 * The registrations a command line needs: only the named subcommand when the
 * first argument names one, every subcommand otherwise (root help, typos that
 * commander answers with a suggestion).
 */
export async function loadCommandRegistrations(args: readonly string[]): Promise<CommandRegistration[]> {
  const first = args.find((a) => !a.startsWith("-"));
  // `dac --version` needs no subcommand at all.
  if (first === undefined && (args.includes("--version") || args.includes("-V"))) return [];
  const named = commandLoaders.find((c) => c.name === first);
  const selected = named ? [named] : commandLoaders;
  return Promise.all(selected.map((c) => c.load()));
}
