import type { Command } from "commander";

/** Registers `dac validate`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac validate: not implemented yet\n");
      process.exitCode = 1;
    });
}
