/**
 * cli: the commander program. Parses flags, calls a stage, renders its result
 * and sets the exit code. Holds no domain logic of its own.
 */
export { buildProgram, runCli } from "./main.ts";
