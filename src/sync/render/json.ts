import type { Plan } from "../plan-model.ts";
import type { ApplyReport } from "../apply.ts";

/** The Plan as pretty JSON; it already carries `formatVersion`. */
export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + "\n";
}

/** Apply reports as JSON, one per target, for `dac deploy --json`. */
export function renderApplyReportsJson(reports: readonly ApplyReport[]): string {
  return JSON.stringify({ formatVersion: 1, reports }, null, 2) + "\n";
}
