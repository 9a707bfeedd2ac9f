#!/usr/bin/env node
// Entry point: registers tsx so that both dac's own sources and the user's
// detection modules (TypeScript) load without a build step, then runs the CLI.
import { register } from "tsx/esm/api";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `dac needs Node.js 22.12 or newer (this is ${process.versions.node}). ` +
      `Run it through ./dac or npx dac from the project root, which use the Node 22 that npm installed.\n`,
  );
  process.exit(1);
}
// `dac render | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
register();
const { runCli } = await import("../src/cli/main.ts");
process.exitCode = await runCli(process.argv);
