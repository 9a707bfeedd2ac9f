import type { Command } from "commander";

/** Registers `dac plan`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerPlanCommand(program: Command): void {
  program
    .command("plan")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac plan: not implemented yet\n");
      process.exitCode = 1;
    });
}
