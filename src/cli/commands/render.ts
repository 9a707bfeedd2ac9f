import type { Command } from "commander";

/** Registers `dac render`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerRenderCommand(program: Command): void {
  program
    .command("render")
    .description("(not implemented yet)")
    .allowUnknownOption()
    .action(() => {
      process.stderr.write("dac render: not implemented yet\n");
      process.exitCode = 1;
    });
}
