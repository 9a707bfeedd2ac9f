import type { Command } from "commander";

/** Registers `dac deploy`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerDeployCommand(program: Command): void {
  program
    .command("deploy")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac deploy: not implemented yet\n");
      process.exitCode = 1;
    });
}
