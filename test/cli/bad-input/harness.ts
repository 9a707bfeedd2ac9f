/**
 * Runs one bad-input case: writes the base project with the case's changes to
 * a temp folder, runs the real CLI (bin/dac.js on the Node 22 npm installed)
 * there with known secrets in the environment, and returns what it printed,
 * its exit code and the folder's listing before and after.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { baseProject, SECRET_ENV } from "./project.ts";

export type Area = "eql" | "module" | "fixture" | "yaml" | "environments" | "cli" | "network" | "secrets";

export interface BadInputCase {
  readonly area: Area;
  readonly name: string;
  /** Files to add or replace (null deletes a base file; a string ending in "/" as key makes a folder). */
  readonly files?: Readonly<Record<string, string | Buffer | null>>;
  /** CLI arguments; `{{url:mode}}` is replaced by the loopback server's URL for that mode (in files too). */
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** What the output must say. */
  readonly message: RegExp;
  /** `file:line:column` (or `file:line`) the output must name, where a location applies. */
  readonly location?: string;
  /** Extra strings no output may contain (the case's own inline secrets). */
  readonly secrets?: readonly string[];
  /** Exact exit code when it matters (default: any non-zero). */
  readonly exitCode?: number;
}

export interface RunOutcome {
  readonly code: number | null;
  readonly output: string;
  readonly before: string[];
  readonly after: string[];
}

const NODE = resolve("node_modules/.bin/node");
const DAC = resolve("bin/dac.js");

function listTree(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? [`${relative(root, path)}/`, ...listTree(root, path)] : [`${relative(root, path)} ${statSync(path).size}`];
  }).sort();
}

function substitute(text: string, urls: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{url:([a-z-]+)\}\}/g, (_m, mode: string) => {
    const url = urls[mode];
    if (url === undefined) throw new Error(`no loopback server for mode ${mode}`);
    return url;
  });
}

export function writeProject(c: BadInputCase, urls: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "dac-bad-input-"));
  const files: Record<string, string | Buffer | null> = { ...baseProject(), ...(c.files ?? {}) };
  for (const [path, content] of Object.entries(files)) {
    if (content === null) continue;
    const target = join(root, path);
    if (path.endsWith("/")) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, typeof content === "string" ? substitute(content, urls) : content);
  }
  return root;
}

export async function runCase(c: BadInputCase, urls: Readonly<Record<string, string>>): Promise<RunOutcome> {
  const root = writeProject(c, urls);
  const before = listTree(root);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CI: "true", NO_COLOR: "1", ...SECRET_ENV, ...c.env };
  const args = c.args.map((a) => substitute(a, urls));
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      const child = spawn(NODE, [DAC, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", fail);
      child.on("close", (code) => done({ code, output }));
    });
    return { code, output, before, after: listTree(root) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
