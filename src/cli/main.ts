import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { loadCommandRegistrations, type CommandRegistration } from "./commands/index.ts";

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Builds the `dac` program; each subcommand lives in commands/<name>.ts. */
export function buildProgram(registrations: readonly CommandRegistration[]): Command {
  const program = new Command("dac")
    .description("Detection as code for Elastic Security and OpenSearch: validate, plan, deploy and replay-test EQL detections.")
    .version(readVersion(), "-V, --version")
    .showHelpAfterError()
    .exitOverride();
  for (const register of registrations) register(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code. Commands set `process.exitCode`
 * themselves (0 ok, 1 error, 2 "changes" for --detailed-exitcode).
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram(await loadCommandRegistrations(argv.slice(2)));
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode;
    }
    process.stderr.write(`dac: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
