/**
 * Runs `eql search` through commander exactly as `dac eql search` does, for
 * when `dac eql` does not yet register the subcommand (the bench and CLI
 * tests measure the same code path either way).
 */
import { Command } from "commander";
import { registerEqlSearchCommand } from "../../src/cli/commands/eql-search.ts";

const program = new Command("dac").exitOverride();
registerEqlSearchCommand(program.command("eql"));
try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
}
