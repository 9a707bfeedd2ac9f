import type { Command } from "commander";
import { registerImportSigmaCommand } from "./import-sigma.ts";

/** `dac import <source>`: each source registers its own subcommand on the group. */
const SOURCES: ReadonlyArray<(group: Command) => void> = [registerImportSigmaCommand];

export function registerImportCommand(program: Command): void {
  const group = program.command("import").description("Import detections written for other tools as dac modules.");
  for (const register of SOURCES) register(group);
}
