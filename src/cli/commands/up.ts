import type { Command } from "commander";

/** Registers `dac up`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerUpCommand(program: Command): void {
  program
    .command("up")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac up: not implemented yet\n");
      process.exitCode = 1;
    });
}
