import type { Command } from "commander";

/**
 * `dac import <source>`: foreign rules -> detection modules. Each source is a
 * subcommand in its own file (import-elastic.ts, import-sigma.ts...), added to
 * SOURCES; this file only builds the group.
 */
const SOURCES: ReadonlyArray<() => Promise<(group: Command) => void>> = [
  async () => (await import("./import-elastic.ts")).registerImportElasticCommand,
];

export async function loadImportCommand(): Promise<(program: Command) => void> {
  const registrations = await Promise.all(SOURCES.map((load) => load()));
  return (program) => {
    const group = program.command("import").description("turn rules of other tools into detection modules (writes files, never deploys)");
    for (const register of registrations) register(group);
  };
}
