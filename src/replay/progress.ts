/**
 * Progress for long steps (Docker engine, image build, node start, deploy,
 * replay). On a terminal: listr2's live task list with a spinner, the latest
 * update under the running step and each step's duration. In CI, or when
 * stderr is not a terminal: one plain line per step start, update and end,
 * because spinners and cursor moves turn into garbage in a CI log. Progress
 * always goes to stderr: stdout carries the report (`--json`).
 */
import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } from "listr2";
import type { StepRunner } from "./cluster-replay.ts";

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Force one mode (tests; `--no-progress`). */
  readonly mode?: "live" | "plain";
  readonly now?: () => number;
}

/** Live only on an interactive terminal outside CI. */
export function selectProgressMode(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): "live" | "plain" {
  const ci = env["CI"] !== undefined && env["CI"] !== "" && env["CI"] !== "false";
  return stream.isTTY === true && !ci && env["TERM"] !== "dumb" ? "live" : "plain";
}

/** A StepRunner that shows each step as it runs. */
export function createStepRunner(options: ProgressOptions = {}): StepRunner {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? selectProgressMode(stream, options.env ?? process.env);
  return mode === "live" ? createLiveRunner(stream) : createPlainRunner(stream, options.now ?? (() => performance.now()));
}

function createPlainRunner(stream: NodeJS.WritableStream, now: () => number): StepRunner {
  return async (title, run) => {
    const started = now();
    stream.write(`dac: ${title} ...\n`);
    try {
      const result = await run((text) => stream.write(`dac:   ${text}\n`));
      stream.write(`dac: ${title}: done (${formatSeconds(now() - started)})\n`);
      return result;
    } catch (err) {
      stream.write(`dac: ${title}: failed (${formatSeconds(now() - started)})\n`);
      throw err;
    }
  };
}

function createLiveRunner(stream: NodeJS.WriteStream): StepRunner {
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  return async (title, run) => {
    let result: unknown;
    const list = new Listr(
      [
        {
          title,
          task: async (_ctx, task) => {
            result = await run((text) => {
              task.output = text;
            });
          },
        },
      ],
      { renderer: "default", rendererOptions: { logger, timer: PRESET_TIMER, collapseErrors: false }, exitOnError: true, registerSignalListeners: false },
    );
    await list.run();
    return result as Awaited<ReturnType<typeof run>>;
  };
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
