import { createColors } from "picocolors";
import type { ApplyReport, ApplyResult } from "../apply.ts";

/** One progress line for a finished change: `  ✓ created psexec-service (2 attempts)`. */
export function renderApplyResultLine(result: ApplyResult, color: boolean): string {
  const c = createColors(color);
  const verb = result.duplicate ? "deleted duplicate" : ({ create: "created", update: "updated", delete: "deleted" } as const)[result.kind];
  const tries = result.attempts > 1 ? c.dim(` (${result.attempts} attempts)`) : "";
  if (result.ok) return `  ${c.green("ok")}   ${verb} ${result.id}${result.remoteId && result.duplicate ? ` ${result.remoteId}` : ""}${tries}`;
  const status = result.status === undefined ? "" : result.status === 0 ? " [no response]" : ` [HTTP ${result.status}]`;
  return `  ${c.red("FAIL")} ${result.kind} ${result.id}${status}${tries}: ${result.error ?? "unknown error"}`;
}

/** The closing lines of a deploy: counts, then every failed rule with its error. */
export function renderApplyReportHuman(report: ApplyReport, color: boolean): string {
  const c = createColors(color);
  const count = (kind: ApplyResult["kind"]): number => report.results.filter((r) => r.ok && r.kind === kind).length;
  const head = `Apply ${report.failed === 0 ? c.green("complete") : c.red("incomplete")} on ${report.target.kind} ${report.target.location}: ${count("create")} added, ${count("update")} changed, ${count("delete")} deleted, ${report.failed} failed.`;
  const failures = report.results.filter((r) => !r.ok).map((r) => renderApplyResultLine(r, color));
  return [head, ...(failures.length > 0 ? ["Failed rules (run dac deploy again to retry them):", ...failures] : [])].join("\n") + "\n";
}
