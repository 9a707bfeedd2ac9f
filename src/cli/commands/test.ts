import type { Command } from "commander";

/** Registers `dac test`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerTestCommand(program: Command): void {
  program
    .command("test")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac test: not implemented yet\n");
      process.exitCode = 1;
    });
}
