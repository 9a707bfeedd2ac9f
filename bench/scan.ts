/**
 * Scan benchmark: `dac scan` of the whole PsExec pack over 1M synthetic ECS
 * Windows events (bench/lib/generate-windows-events.ts, cached in
 * .cache/bench/), on 1 and on 2 worker threads, through the CLI.
 *
 *   npm run bench -- scan [--events 1000000]
 *
 * Prints events/s for each, the speed-up, and whether the two runs printed
 * the very same alerts (they must).
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { renderTable } from "../src/replay/index.ts";
import { generateWindowsEvents } from "./lib/generate-windows-events.ts";
import { measureCommand } from "./lib/measure.ts";

const root = new URL("..", import.meta.url).pathname;

async function ensureWindowsEventsFile(count: number): Promise<string> {
  const file = join(root, ".cache/bench", `windows-events-${count}.ndjson`);
  if (existsSync(file)) return file;
  mkdirSync(join(root, ".cache/bench"), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let n = 0;
  for (const event of generateWindowsEvents({ hosts: 2000 })) {
    if (n++ >= count) break;
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(tmp, file);
  return file;
}

export async function runBench(args: readonly string[]): Promise<void> {
  const i = args.indexOf("--events");
  const count = Number(i >= 0 ? args[i + 1] : "1000000");
  const file = await ensureWindowsEventsFile(count);
  const scan = (workers: number) => measureCommand(join(root, "node_modules/.bin/node"), [join(root, "bin/dac.js"), "scan", file, "--json", "--workers", String(workers)], root);
  const one = await scan(1);
  const two = await scan(2);
  const alerts = one.stdout.split("\n").filter(Boolean).length;
  const identical = one.stdout === two.stdout;
  const rows = [
    ["1 worker (main thread)", `${Math.round(count / one.seconds)} ev/s`, `${one.seconds.toFixed(1)}s, peak RSS ${Math.round(one.peakRssMb)} MB`],
    ["2 worker threads", `${Math.round(count / two.seconds)} ev/s`, `${two.seconds.toFixed(1)}s, peak RSS ${Math.round(two.peakRssMb)} MB`],
    ["speed-up", `${(one.seconds / two.seconds).toFixed(2)}x`, "wall time, CLI start and pack load included"],
    ["alerts", String(alerts), identical ? "identical on 1 and 2 workers" : "DIFFERENT between 1 and 2 workers"],
  ];
  process.stdout.write(`\ndac scan over ${count} events (${file})\n\n${renderTable(["run", "rate", "notes"], rows)}\n`);
  if (!identical) process.exitCode = 1;
}
