/** Runs a command under /usr/bin/time and returns wall seconds, peak RSS and stdout. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds: on a shared, loaded machine wall time also counts waiting for a core. */
  readonly cpuSeconds: number;
  readonly stdout: string;
  /** Peak V8 heap in use (MB), when the command is a node process started with bench/lib/heap-probe.ts. */
  readonly peakHeapMb?: number;
  /** Peak heap right after a full collection (MB), when that process also runs with --expose-gc. */
  readonly liveHeapMb?: number;
}

/** `heapProbe`: the command preloads bench/lib/heap-probe.ts, which reports its heap through a file. */
export async function measureCommand(command: string, args: readonly string[], cwd: string, heapProbe = false): Promise<Measurement> {
  if (!existsSync("/usr/bin/time")) throw new Error("the bench needs /usr/bin/time (GNU time) to read peak RSS");
  const dir = mkdtempSync(join(tmpdir(), "dac-bench-"));
  const timeFile = join(dir, "time");
  const heapFile = join(dir, "heap");
  try {
    const child = spawn("/usr/bin/time", ["-f", "%e %M %U %S", "-o", timeFile, command, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "inherit"],
      env: heapProbe ? { ...process.env, DAC_BENCH_HEAP_FILE: heapFile } : process.env,
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
    const [seconds, rssKb, user, system] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    const probed = heapProbe && existsSync(heapFile) ? (JSON.parse(readFileSync(heapFile, "utf8")) as { peak: number; live: number | null }) : undefined;
    const mb = (bytes: number): number => bytes / (1024 * 1024);
    const heap = probed ? { peakHeapMb: mb(probed.peak), ...(probed.live === null ? {} : { liveHeapMb: mb(probed.live) }) } : {};
    return { seconds: seconds!, peakRssMb: rssKb! / 1024, cpuSeconds: user! + system!, stdout: Buffer.concat(chunks).toString("utf8"), ...heap };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
