/**
 * `dac scan --workers N`: the pack split over N worker threads by detection
 * (each detection still sees every event, in file order, so its alerts are
 * exactly the single-threaded ones, sequences included); the file is read
 * once here and its raw lines are sent in batches to every worker, a few
 * batches ahead at most, so memory stays bounded on files of any size.
 */
import type { IndexMapping } from "../../eql/index.ts";
import { Worker } from "node:worker_threads";
import type { ResolvedDetection } from "../../detection/index.ts";
import { FixtureParseError, streamFixtureLines, type Alert } from "../../replay/index.ts";

/** A line that is not a JSON object: skipped, and reported once the scan ends. */
export interface MalformedLine {
  readonly line: number;
  readonly reason: string;
}

export interface ScanWorkerData {
  readonly file: string;
  readonly detections: readonly ResolvedDetection[];
  /** The field types every detection reads the events with (structured-cloned into the worker). */
  readonly mapping?: IndexMapping;
}
export type ScanWorkerRequest = { readonly kind: "lines"; readonly firstLine: number; readonly lines: readonly string[] } | { readonly kind: "end" };
export type ScanWorkerReply =
  | { readonly kind: "ack" }
  | { readonly kind: "done"; readonly events: number; readonly malformedLines: readonly MalformedLine[]; readonly alerts: readonly Alert[][] }
  | { readonly kind: "parse-error"; readonly line: number; readonly message: string }
  | { readonly kind: "error"; readonly message: string };

const BATCH_LINES = 2000;
const BATCHES_AHEAD = 4;

/** Detection indices per worker: sequences weigh more (they keep state per join key), least-loaded first. */
export function assignDetections(detections: readonly ResolvedDetection[], workers: number): number[][] {
  const shares: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  const weight = (d: ResolvedDetection) => (/^\s*sequence\b/.test(d.query) ? 3 : 1);
  const order = detections.map((d, i) => i).sort((a, b) => weight(detections[b]!) - weight(detections[a]!) || a - b);
  for (const i of order) {
    const w = load.indexOf(Math.min(...load));
    shares[w]!.push(i);
    load[w]! += weight(detections[i]!);
  }
  return shares.filter((s) => s.length > 0);
}

interface RunningWorker {
  readonly worker: Worker;
  readonly indices: readonly number[];
  /** Resolves on the worker's last word: its alerts, or its failure. */
  settled: Promise<void>;
  inFlight: number;
  wake?: () => void;
  done?: Extract<ScanWorkerReply, { kind: "done" }>;
  failure?: Error;
}

/** Alerts per detection (in `detections` order) and the number of events, as the single-threaded scan returns them. */
export async function scanWithWorkers(file: string, detections: readonly ResolvedDetection[], workers: number, mapping?: IndexMapping): Promise<{ alertsPerDetection: Alert[][]; events: number; malformedLines: readonly MalformedLine[] }> {
  // The worker is TypeScript: it loads through tsx, as bin/dac.js loads the CLI.
  const execArgv = ["--import", import.meta.resolve("tsx/esm")];
  const running: RunningWorker[] = assignDetections(detections, workers).map((indices) => {
    const share: ScanWorkerData = { file, detections: indices.map((i) => detections[i] as ResolvedDetection), ...(mapping ? { mapping } : {}) };
    const worker = new Worker(new URL("./scan-worker.ts", import.meta.url), { execArgv, workerData: share });
    const w: RunningWorker = { worker, indices, inFlight: 0, settled: Promise.resolve() };
    w.settled = new Promise<void>((resolve) => {
      worker.on("message", (reply: ScanWorkerReply) => {
        if (reply.kind === "ack") w.inFlight--;
        else if (reply.kind === "done") w.done = reply;
        else if (reply.kind === "parse-error") w.failure = Object.assign(new FixtureParseError(file, reply.line, ""), { message: reply.message });
        else w.failure = new Error(`scan worker: ${reply.message}`);
        w.wake?.();
        if (reply.kind !== "ack") resolve();
      });
      worker.on("error", (err) => {
        w.failure = err;
        w.wake?.();
        resolve();
      });
    });
    return w;
  });
  const failure = () => running.find((w) => w.failure)?.failure;
  try {
    let batch: string[] = [];
    let firstLine = 1;
    const send = async (lines: string[], first: number) => {
      for (const w of running) {
        while (w.inFlight >= BATCHES_AHEAD && !w.failure) await new Promise<void>((resolve) => (w.wake = resolve));
        const err = failure();
        if (err) throw err;
        w.inFlight++;
        w.worker.postMessage({ kind: "lines", firstLine: first, lines } satisfies ScanWorkerRequest);
      }
    };
    let lineNo = 0;
    for await (const line of streamFixtureLines(file)) {
      lineNo++;
      batch.push(line);
      if (batch.length === BATCH_LINES) {
        await send(batch, firstLine);
        batch = [];
        firstLine = lineNo + 1;
      }
    }
    if (batch.length > 0) await send(batch, firstLine);
    for (const w of running) w.worker.postMessage({ kind: "end" } satisfies ScanWorkerRequest);
    await Promise.all(running.map((w) => w.settled));
    const err = failure();
    if (err) throw err;
    const alertsPerDetection: Alert[][] = detections.map(() => []);
    for (const w of running) w.indices.forEach((d, j) => (alertsPerDetection[d] = [...(w.done?.alerts[j] ?? [])]));
    // Every worker parses every line, so each saw the same malformed lines: the first worker's list is the file's.
    return { alertsPerDetection, events: running[0]?.done?.events ?? 0, malformedLines: running[0]?.done?.malformedLines ?? [] };
  } finally {
    await Promise.all(running.map((w) => w.worker.terminate()));
  }
}
