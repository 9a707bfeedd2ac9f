/**
 * A `dac scan` worker thread: runs its share of the pack's detections over
 * every line of the events file, in file order, and answers with their
 * alerts, one list per detection. The main thread reads the file once and
 * sends each batch of raw lines to every worker; parsing happens here, so it
 * is spread over the cores with the detections.
 */
import { parentPort, workerData } from "node:worker_threads";
import { basename } from "node:path";
import type { ResolvedDetection } from "../../detection/index.ts";
import { FixtureParseError, parseFixtureLine, startOfflineRun } from "../../replay/index.ts";
import type { ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from "./scan-parallel.ts";

const port = parentPort;
if (!port) throw new Error("scan-worker.ts runs as a worker thread");
const data = workerData as ScanWorkerData;
const runs = (data.detections as ResolvedDetection[]).map((d) => startOfflineRun(d, data.mapping));
const name = basename(data.file);
let events = 0;
let failed = false;
// Malformed lines are skipped and reported at the end, as on one thread (MalformedLines).
const malformedLines: { line: number; reason: string }[] = [];

port.on("message", (request: ScanWorkerRequest) => {
  if (failed) return;
  if (request.kind === "lines") {
    try {
      request.lines.forEach((line, i) => {
        let event;
        try {
          event = parseFixtureLine(data.file, name, line, request.firstLine + i);
        } catch (err) {
          if (!(err instanceof FixtureParseError)) throw err;
          malformedLines.push({ line: err.line, reason: err.message.replace(/^.*?: /, "") });
          return;
        }
        if (!event) return;
        events++;
        for (const run of runs) run.push(event);
      });
    } catch (err) {
      failed = true;
      const reply: ScanWorkerReply = err instanceof FixtureParseError ? { kind: "parse-error", line: err.line, message: err.message } : { kind: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      port.postMessage(reply);
      return;
    }
    port.postMessage({ kind: "ack" } satisfies ScanWorkerReply);
    return;
  }
  port.postMessage({ kind: "done", events, malformedLines, alerts: runs.map((run) => run.finish()) } satisfies ScanWorkerReply);
});
