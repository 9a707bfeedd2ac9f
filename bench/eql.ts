/**
 * EQL engine benchmark: `npm run bench -- eql [--events N] [--python-events N|all]`.
 * Generates N synthetic ECS events (default 1,000,000, cached in .cache/bench/),
 * then times `dac eql search` end to end (file read + JSON parse + evaluation,
 * in a fresh process, asked for every result, with and without the raw-line
 * prefilter; without it on one thread and with --workers) for a
 * single-event filter and a keyed sequence, against
 * the Python `eql` package (Endgame engine, installed into a dev-only venv in
 * .cache/bench/venv) on the same file and query (`--python-events N` limits
 * Python to a prefix when it is too slow; the comparison is in events per
 * second either way). Each ratio says whether both engines returned the same
 * results (compared as sets of event ids). Finally it shows the memory of
 * each dac search at 1/4 and all of the input (peak RSS, peak heap, live heap),
 * asked for every result and for the last 10.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEventsFile } from "./lib/generate-events.ts";
import { measureCommand, type Measurement } from "./lib/measure.ts";
import { defaultSearchWorkers } from "../src/cli/commands/eql-search-parallel.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const cacheDir = join(root, ".cache", "bench");

const QUERIES = [
  { name: "filter", text: 'process where process.name == "powershell.exe" and process.parent.name == "cmd.exe"' },
  { name: "sequence", text: 'sequence by host.id with maxspan=1m [process where process.name == "cmd.exe"] [network where destination.port == 445]' },
] as const;

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function ensurePythonEql(): string {
  const python = join(cacheDir, "venv", "bin", "python");
  if (!existsSync(python)) {
    process.stderr.write("creating .cache/bench/venv with the Python eql package…\n");
    execFileSync("python3", ["-m", "venv", join(cacheDir, "venv")], { stdio: "inherit" });
    execFileSync(join(cacheDir, "venv", "bin", "pip"), ["install", "--quiet", "eql"], { stdio: "inherit" });
  }
  return python;
}

/** The real CLI, end to end: `node bin/dac.js eql search …`. */
function dacSearchCommand(): string[] {
  return [process.execPath, join(root, "bin", "dac.js")];
}

/**
 * The same, for memory runs: with the heap probe preloaded and full
 * collections forced every 100 ms (so slower: these runs are not timed).
 */
function dacMemoryCommand(): string[] {
  return [process.execPath, "--expose-gc", "--import", join(root, "bench", "lib", "heap-probe.ts"), join(root, "bin", "dac.js")];
}

type Run = Measurement & { results: number; ids: string[] };

/** A result as the `event.id`s of its events joined with ">" (what python_eql_runner.py prints). */
function resultIds(body: { hits: { events?: { _source: EventSource }[]; sequences?: { events: { _source: EventSource }[] }[] } }): string[] {
  const id = (e: { _source: EventSource }): string => String(e._source.event?.id);
  return body.hits.events?.map(id) ?? body.hits.sequences?.map((s) => s.events.map(id).join(">")) ?? [];
}
type EventSource = { event?: { id?: unknown } };

/**
 * `dac eql search` asked for EVERY result (`--size` = the number of events),
 * so it does the same work as Python `eql`, which has no size limit and
 * reports all of them; `prefilter` false adds `--no-prefilter`.
 */
async function runDac(cmd: readonly string[], file: string, query: string, size: number, prefilter: boolean, heapProbe = false, workers?: number): Promise<Run> {
  const flags = ["--size", String(size), ...(prefilter ? [] : ["--no-prefilter"]), ...(workers === undefined ? [] : ["--workers", String(workers)])];
  const m = await measureCommand(cmd[0]!, [...cmd.slice(1), "eql", "search", "--events", file, ...flags, query], root, heapProbe);
  const body = JSON.parse(m.stdout) as { hits: { total: { value: number } } } & Parameters<typeof resultIds>[0];
  return { ...m, stdout: "", results: body.hits.total.value, ids: resultIds(body) };
}

async function runPython(python: string, file: string, query: string, limit: number): Promise<Run & { events: number }> {
  const m = await measureCommand(python, [join(root, "bench", "lib", "python_eql_runner.py"), file, query, String(limit)], root);
  const out = JSON.parse(m.stdout) as { events: number; results: number; ids: string[] };
  return { ...m, stdout: "", results: out.results, events: out.events, ids: out.ids };
}

/** Equal work means equal answers: the same results (as sets of event ids), not just as many. */
function compareResults(ours: Run, theirs: Run): { same: boolean; text: string } {
  const a = [...ours.ids].sort();
  const b = [...theirs.ids].sort();
  if (a.length === b.length && a.every((x, i) => x === b[i])) return { same: true, text: `same ${a.length} results, same event ids` };
  const inB = new Set(b);
  const inA = new Set(a);
  const onlyOurs = a.filter((x) => !inB.has(x)).length;
  const onlyTheirs = b.filter((x) => !inA.has(x)).length;
  return { same: false, text: `RESULTS DIFFER: dac ${ours.results}, python ${theirs.results}; ${onlyOurs} only in dac, ${onlyTheirs} only in python` };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function runBench(args: readonly string[]): Promise<void> {
  const total = Number(argValue(args, "--events") ?? 1_000_000);
  const pyArg = argValue(args, "--python-events") ?? "all";
  const pyEvents = pyArg === "all" ? total : Math.min(Number(pyArg), total);
  const quarter = Math.floor(total / 4);
  process.stderr.write(`generating/reusing ${fmt(total)} and ${fmt(quarter)} synthetic events in .cache/bench/…\n`);
  const file = await ensureEventsFile(join(cacheDir, `events-${total}.ndjson`), total);
  const quarterFile = await ensureEventsFile(join(cacheDir, `events-${quarter}.ndjson`), quarter);
  const python = ensurePythonEql();
  const dac = dacSearchCommand();

  // Start-up (loading the CLI / interpreter) is measured on its own so the
  // per-event rate can be shown with and without it: on a busy machine, loading
  // dac's whole CLI through tsx can dwarf the search itself.
  const dacStartup = (await measureCommand(dac[0]!, [...dac.slice(1), "eql", "search", "--help"], root)).seconds;
  const pyStartup = (await measureCommand(python, ["-c", "import json, eql"], root)).seconds;
  const rows: string[][] = [["query", "engine", "events", "seconds", "startup s", "events/s", "events/s excl. startup", "peak RSS MB", "results"]];
  const ratios: string[] = [];
  const rate = (events: number, seconds: number): number => events / Math.max(seconds, 0.001);
  // On a busy machine the separately measured start-up can exceed a whole run: then "excluding start-up" means nothing.
  const netRate = (events: number, seconds: number, startup: number): number => (seconds > startup ? events / (seconds - startup) : Number.NaN);
  const show = (n: number, digits = 0): string => (Number.isNaN(n) ? "n/a" : fmt(n, digits));
  let unequal = false;
  for (const q of QUERIES) {
    process.stderr.write(`running ${q.name}: python eql on ${fmt(pyEvents)} events…\n`);
    const py = await runPython(python, file, q.text, pyEvents);
    const [pyRate, pyNet] = [rate(py.events, py.seconds), netRate(py.events, py.seconds, pyStartup)];
    rows.push([q.name, "python eql 1.0", fmt(py.events), fmt(py.seconds, 2), fmt(pyStartup, 2), fmt(pyRate), show(pyNet), fmt(py.peakRssMb, 1), `${py.results} (all)`]);
    // Without the prefilter every line is parsed: on one thread (eql search's default; Python eql uses
    // one core too), and with --workers, one per core (at most 4), which gains only on idle cores.
    const threads = defaultSearchWorkers();
    const variants = [
      { label: "dac (prefilter)", prefilter: true, workers: undefined },
      { label: "dac (no prefilter)", prefilter: false, workers: undefined },
      ...(threads > 1 ? [{ label: `dac (no prefilter, --workers ${threads})`, prefilter: false, workers: threads }] : []),
    ];
    for (const { label, prefilter, workers } of variants) {
      process.stderr.write(`running ${q.name}: ${label}…\n`);
      const ours = await runDac(dac, file, q.text, total, prefilter, false, workers);
      const [oursRate, oursNet] = [rate(total, ours.seconds), netRate(total, ours.seconds, dacStartup)];
      rows.push([q.name, label, fmt(total), fmt(ours.seconds, 2), fmt(dacStartup, 2), fmt(oursRate), show(oursNet), fmt(ours.peakRssMb, 1), `${ours.results} (all)`]);
      // Equal work only when both read the same events and return the same results.
      const cmp = pyEvents === total ? compareResults(ours, py) : { same: false, text: `python read only a prefix (dac ${ours.results} results, python ${py.results})` };
      if (!cmp.same) unequal = true;
      ratios.push(`${q.name}, ${label}: ${fmt(oursRate / pyRate, 1)}x python eql end to end, ${show(oursNet / pyNet, 1)}x excluding start-up (${cmp.text})`);
    }
  }
  // Memory: each search (with the prefilter, as users run it) on 1/4 and all of the input, asked
  // for every result and for the last 10 only: the engine's own state must not grow with the
  // input; the results kept for the output grow with their number.
  const startupRss = (await measureCommand(dac[0]!, [...dac.slice(1), "eql", "search", "--help"], root)).peakRssMb;
  const memRows: string[][] = [
    ["query", "results asked", `RSS MB ${fmt(quarter)}`, `RSS MB ${fmt(total)}`, "ratio", `peak heap ${fmt(quarter)}`, `peak heap ${fmt(total)}`, "ratio", `live heap ${fmt(quarter)}`, `live heap ${fmt(total)}`, "ratio", "results"],
  ];
  const memory = dacMemoryCommand();
  for (const q of QUERIES) {
    for (const every of [true, false]) {
      process.stderr.write(`running ${q.name} for the memory check (${every ? "every result" : "last 10"})…\n`);
      const small = await runDac(memory, quarterFile, q.text, every ? quarter : 10, true, true);
      const big = await runDac(memory, file, q.text, every ? total : 10, true, true);
      const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? "n/a" : fmt(b / a, 2));
      const mb = (v: number | undefined): string => (v === undefined ? "n/a" : fmt(v, 1));
      memRows.push([
        q.name,
        every ? "every result" : "last 10",
        mb(small.peakRssMb),
        mb(big.peakRssMb),
        ratio(small.peakRssMb, big.peakRssMb),
        mb(small.peakHeapMb),
        mb(big.peakHeapMb),
        ratio(small.peakHeapMb, big.peakHeapMb),
        mb(small.liveHeapMb),
        mb(big.liveHeapMb),
        ratio(small.liveHeapMb, big.liveHeapMb),
        `${small.results} / ${big.results}`,
      ]);
    }
  }

  const table = (t: string[][]): string[] => {
    const widths = t[0]!.map((_, i) => Math.max(...t.map((r) => r[i]!.length)));
    const line = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    return [line(t[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...t.slice(1).map(line)];
  };
  const out = [...table(rows), ""];
  out.push(...ratios);
  if (pyEvents < total) out.push(`(python eql read only the first ${fmt(pyEvents)} events of the same file; the comparison is per event)`);
  if (unequal) out.push("WARNING: the engines did not return the same results on some query, so those ratios do not compare equal work");
  out.push(
    "",
    `memory of dac eql search (prefilter on), ${fmt(quarter)} vs ${fmt(total)} events, in MB: peak RSS from GNU time (dac eql search --help alone: ${fmt(startupRss, 1)}); peak heap = V8 heap in use, garbage included; live heap = heap in use after a full collection (forced every 100 ms in these runs; see bench/lib/heap-probe.ts):`,
    ...table(memRows),
    "",
    "times are end to end in a fresh process: startup + file read + JSON parse + evaluation + output",
  );
  process.stdout.write(out.join("\n") + "\n");
}
