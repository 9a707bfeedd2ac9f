import type { Command } from "commander";

/** Registers `dac list`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerListCommand(program: Command): void {
  program
    .command("list")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac list: not implemented yet\n");
      process.exitCode = 1;
    });
}
