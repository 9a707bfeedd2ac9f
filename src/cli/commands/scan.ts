import type { Command } from "commander";

/** Registers `dac scan`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerScanCommand(program: Command): void {
  program
    .command("scan")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac scan: not implemented yet\n");
      process.exitCode = 1;
    });
}
