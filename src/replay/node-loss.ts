/**
 * A node that dies in the middle of `dac test` turns every later case into a
 * connection error and the clean-up into another one. After a case fails, the
 * node is asked whether it is still there; once it is not, the cases not yet
 * started are reported as not run (with the reason), and the report says the
 * node went away instead of leaving FAILED lines without a cause.
 */
import type { Client } from "@opensearch-project/opensearch";

export const NOT_RUN_PREFIX = "not run: ";

/** Why the node is gone, or undefined when it still answers. */
export async function probeNodeGone(client: Client, location: string, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    await client.info({}, { requestTimeout: timeoutMs, maxRetries: 0 });
    return undefined;
  } catch (err) {
    const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
    // Any HTTP answer means a node is there (maybe unhappy): only silence counts as gone.
    if (typeof status === "number" && status > 0) return undefined;
    return `the node at ${location} went away during the run (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** The report's account of a lost node: what happened and which tests never ran. */
export interface NodeLoss {
  readonly reason: string;
  readonly notRun: readonly string[];
}

export function describeNodeLoss(loss: NodeLoss): string {
  const list = loss.notRun.length > 0 ? `\n${loss.notRun.length} test${loss.notRun.length === 1 ? " was" : "s were"} not run:\n${loss.notRun.map((t) => `  - ${t}`).join("\n")}` : "";
  return `dac test: ${loss.reason}; its replay indices and monitors could not be removed.${list}\n`;
}
