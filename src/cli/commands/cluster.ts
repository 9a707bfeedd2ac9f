import type { Command } from "commander";

/** Registers `dac cluster`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerClusterCommand(program: Command): void {
  program
    .command("cluster")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac cluster: not implemented yet\n");
      process.exitCode = 1;
    });
}
