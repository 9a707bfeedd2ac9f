import { diffLines } from "diff";
import { createColors } from "picocolors";
import type { Change, FieldChange, Plan } from "../plan-model.ts";
import type { Json } from "../target.ts";

export interface HumanRenderOptions {
  /** Colour escapes; pass `stream.isTTY` so pipes and files get plain text. */
  readonly color: boolean;
  /** Also list unchanged detections. */
  readonly showNoop?: boolean;
}

type Colors = ReturnType<typeof createColors>;

/**
 * A plan the way Terraform shows one: a header naming the target, one line per
 * change with `+ ~ -` markers, only the changed fields of updates, and the
 * summary line. Reads nothing but the Plan value, so it cannot disagree with
 * `--json`.
 */
export function renderPlanHuman(plan: Plan, options: HumanRenderOptions): string {
  const c = createColors(options.color);
  const lines: string[] = [c.bold(`Target: ${plan.target.kind} ${plan.target.location}`)];
  const shown = plan.changes.filter((ch) => ch.kind !== "noop" || options.showNoop === true);
  if (shown.length > 0) lines.push("");
  for (const change of shown) lines.push(...renderChange(change, c));
  lines.push("", renderSummaryLine(plan, c));
  return lines.join("\n") + "\n";
}

function renderChange(change: Change, c: Colors): string[] {
  const title = `${change.id} ${c.dim(JSON.stringify(change.name))}`;
  switch (change.kind) {
    case "create":
      return [`  ${c.green("+ create")} ${title}`];
    case "noop":
      return [`  ${c.dim("  noop  ")} ${title}`];
    case "delete":
      return change.pruned === true
        ? [`  ${c.red("- delete")} ${title} ${c.dim(`(${change.reason})`)}`]
        : [`  ${c.yellow("# orphan")} ${title} ${c.dim(`(${change.reason})`)}`];
    case "update": {
      const note = change.drift ? c.magenta(`(${change.reason})`) : c.dim(`(${change.reason})`);
      return [`  ${c.yellow("~ update")} ${title} ${note}`, ...(change.fieldChanges ?? []).map((f) => renderField(f, c))];
    }
  }
}

function renderField(f: FieldChange, c: Colors): string {
  switch (f.op) {
    case "add":
      return `      ${c.green("+")} ${f.path}: ${formatValue(f.after)}`;
    case "remove":
      return `      ${c.red("-")} ${f.path}: ${formatValue(f.before)}`;
    case "change":
      if (typeof f.before === "string" && typeof f.after === "string" && isLongText(f.before, f.after)) {
        return [`      ${c.yellow("~")} ${f.path}:`, ...renderTextDiff(f.before, f.after, c)].join("\n");
      }
      return `      ${c.yellow("~")} ${f.path}: ${formatValue(f.before)} ${c.dim("->")} ${formatValue(f.after)}`;
  }
}

// Queries and Painless scripts run to many lines; `"old" -> "new"` would print
// both in full on one line, burying the one line that changed.
function isLongText(before: string, after: string): boolean {
  return before.includes("\n") || after.includes("\n") || before.length + after.length > 160;
}

/** Changed lines with `-`/`+`, one unchanged line of context around each change, `...` for the rest. */
function renderTextDiff(before: string, after: string, c: Colors): string[] {
  const rows: { mark: " " | "-" | "+"; text: string }[] = [];
  for (const part of diffLines(before, after)) {
    const mark = part.added ? "+" : part.removed ? "-" : " ";
    for (const text of part.value.replace(/\n$/, "").split("\n")) rows.push({ mark, text });
  }
  const changed = (i: number): boolean => rows[i] !== undefined && rows[i]?.mark !== " ";
  const keep = rows.map((_r, i) => changed(i) || changed(i - 1) || changed(i + 1));
  const out: string[] = [];
  rows.forEach((r, i) => {
    if (!keep[i]) {
      if (keep[i - 1] !== false) out.push(`          ${c.dim("...")}`);
      return;
    }
    const line = `${r.mark} ${r.text}`;
    out.push(`          ${r.mark === "+" ? c.green(line) : r.mark === "-" ? c.red(line) : c.dim(line)}`);
  });
  return out;
}

// Compact JSON: strings keep their quotes and escapes, so a changed newline or
// trailing space in a query is visible.
function formatValue(value: Json | undefined): string {
  return value === undefined ? "(none)" : JSON.stringify(value);
}

/** `Plan: 1 to add, 2 to change, 0 to delete. (1 drifted, 3 unmanaged untouched)` or the no-change sentence. */
export function renderSummaryLine(plan: Plan, c: Colors = createColors(false)): string {
  const s = plan.summary;
  const otherProjects = s.otherProjects ?? 0;
  const extras = [`${s.drift} drifted`, `${s.unmanaged} unmanaged untouched`];
  if (otherProjects > 0) extras.push(`${otherProjects} managed by other dac projects left alone`);
  if (s.orphaned > 0) extras.push(`${s.orphaned} not in code kept, use --prune to delete`);
  if (s.create + s.update + s.delete === 0) {
    const shown = s.orphaned > 0 || s.unmanaged > 0 || otherProjects > 0;
    return `${c.green("No changes.")} The cluster matches the code.${shown ? ` (${extras.slice(1).join(", ")})` : ""}`;
  }
  return `${c.bold("Plan:")} ${s.create} to add, ${s.update} to change, ${s.delete} to delete. (${extras.join(", ")})`;
}
