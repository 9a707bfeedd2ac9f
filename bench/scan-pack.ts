/**
 * Scan benchmark: `npm run bench -- scan-pack [--events N] [--baseline REF]`.
 * Times `dac scan` (fresh process: pack load, streaming parse, every detection over every event)
 * over one file of N synthetic Windows events (default 1,000,000, cached in .cache/bench/) with the
 * pack in the working tree and with the pack as it stood at REF (default: the commit before issue 15
 * grew it from 10 to 17 detections), extracted from git into a temp folder at bench time. Same file,
 * same environment, same CLI; runs alternate (baseline, current, baseline, current) and the faster of
 * each pair counts. Prints both times and the ratio (the bound: 1.5x).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureWindowsEventsFile } from "./lib/generate-pack-events.ts";
import { measureCommand } from "./lib/measure.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The PsExec pack before issue 15 (10 detections). */
const DEFAULT_BASELINE = "680d8511589947a72628b5eca5ea13fe33bc7c9c";

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `git archive` of REF's detections/psexec into a temp dir, its `../../src/` imports pointed at this checkout's src. */
function extractPack(ref: string): { dir: string; pack: string } {
  const dir = mkdtempSync(join(tmpdir(), "dac-bench-scan-"));
  const tar = execFileSync("git", ["archive", ref, "detections/psexec"], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  const pack = join(dir, "detections", "psexec");
  const rewrite = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) rewrite(p);
      else if (f.endsWith(".ts")) writeFileSync(p, readFileSync(p, "utf8").replaceAll('"../../src/', `"${join(root, "src")}/`));
    }
  };
  rewrite(pack);
  return { dir, pack };
}

async function scan(pack: string, file: string): Promise<{ seconds: number; summary: string }> {
  const m = await measureCommand(process.execPath, [join(root, "bin", "dac.js"), "scan", file, "--detections", pack], root);
  return { seconds: m.seconds, summary: m.stdout.trim().split("\n").pop() ?? "" };
}

export async function runBench(args: readonly string[]): Promise<void> {
  const count = Number(argValue(args, "--events") ?? "1000000");
  const ref = argValue(args, "--baseline") ?? DEFAULT_BASELINE;
  const file = await ensureWindowsEventsFile(join(root, ".cache", "bench", `pack-windows-${count}.ndjson`), count);
  const baseline = extractPack(ref);
  try {
    const current = join(root, "detections", "psexec");
    const b1 = await scan(baseline.pack, file);
    const c1 = await scan(current, file);
    const b2 = await scan(baseline.pack, file);
    const c2 = await scan(current, file);
    const base = Math.min(b1.seconds, b2.seconds);
    const cur = Math.min(c1.seconds, c2.seconds);
    process.stdout.write(`dac scan over ${count.toLocaleString("en-US")} Windows events (${file})\n`);
    process.stdout.write(`  baseline pack @ ${ref.slice(0, 10)}: ${base.toFixed(1)}s  (${b1.summary})\n`);
    process.stdout.write(`  current pack (working tree):  ${cur.toFixed(1)}s  (${c1.summary})\n`);
    process.stdout.write(`  ratio current / baseline: ${(cur / base).toFixed(2)}x (bound 1.5x)\n`);
  } finally {
    rmSync(baseline.dir, { recursive: true, force: true });
  }
}
