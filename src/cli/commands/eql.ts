import type { Command } from "commander";

/** Registers `dac eql`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerEqlCommand(program: Command): void {
  program
    .command("eql")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac eql: not implemented yet\n");
      process.exitCode = 1;
    });
}
