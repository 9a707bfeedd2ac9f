import type { Command } from "commander";

/** Registers `dac export`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac export: not implemented yet\n");
      process.exitCode = 1;
    });
}
