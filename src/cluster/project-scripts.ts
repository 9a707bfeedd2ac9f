import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The dac checkout that holds scripts/ (this file lives in src/cluster/). */
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Absolute path of a script under scripts/. */
export function resolveScript(name: string): string {
  return fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));
}

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
}

/**
 * Runs one of dac's shell scripts. Its stderr (progress) goes to ours unless
 * `quiet`, in which case it is kept and included in the error on failure.
 */
export function runScript(name: string, args: readonly string[] = [], opts: { quiet?: boolean } = {}): Promise<ScriptResult> {
  const path = resolveScript(name);
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [path, ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", opts.quiet ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err) => reject(new Error(`while running scripts/${name}: ${err.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve({ code, stdout });
      else reject(new Error(`scripts/${name} exited with ${code}${stderr ? `:\n${stderr.trimEnd()}` : ""}`));
    });
  });
}
