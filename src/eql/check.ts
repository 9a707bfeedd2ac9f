/**
 * AST -> problems, applying Elasticsearch's EQL validation so a query that
 * passes here is accepted by `_eql/search`: query-shape rules (runs range,
 * missing events need maxspan, at least two stages, consistent join keys,
 * sample limits) here, expression rules in check-expr.ts. Field rules (unknown,
 * text, type) apply only when a schema is given. Pure: no I/O.
 */
import { errorDiagnostic, type Diagnostic, type SourceRange } from "../diagnostics/index.ts";
import type { EventFilter, Expr, Query, SampleQuery, SequenceQuery, SequenceStage } from "./ast.ts";
import { checkCondition, checkExpr, type CheckContext } from "./check-expr.ts";
import type { FieldSchema } from "./schema.ts";

const MAX_RUNS = 100;
const MAX_SAMPLE_STAGES = 5;

/** Every problem Elasticsearch would raise for `query`, in source order. */
export function checkEql(query: Query, schema?: FieldSchema): Diagnostic[] {
  const ctx: CheckContext = { schema, diagnostics: [] };
  switch (query.kind) {
    case "event":
      checkFilter(ctx, query.filter);
      break;
    case "sequence":
      checkSequence(ctx, query);
      break;
    case "sample":
      checkSample(ctx, query);
      break;
  }
  return ctx.diagnostics.sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
}

function report(ctx: CheckContext, code: string, range: SourceRange, message: string): void {
  ctx.diagnostics.push(errorDiagnostic(code, message, { range }));
}

function checkFilter(ctx: CheckContext, filter: EventFilter): void {
  checkCondition(ctx, filter.condition);
}

function checkKeys(ctx: CheckContext, keys: readonly Expr[]): void {
  for (const key of keys) checkExpr(ctx, key);
}

function checkSequence(ctx: CheckContext, q: SequenceQuery): void {
  checkKeys(ctx, q.keys);
  const all: SequenceStage[] = q.until ? [...q.stages, q.until] : [...q.stages];
  for (const stage of all) {
    checkFilter(ctx, stage.filter);
    checkKeys(ctx, stage.keys);
    if (stage.runs < 1 || stage.runs > MAX_RUNS) {
      report(ctx, "eql/runs-range", stage.range, `A positive runs value between 1 and ${MAX_RUNS} is required, found [${stage.runs}]`);
    }
  }
  for (const stage of q.stages) {
    if (stage.missing && !q.maxspan) {
      report(ctx, "eql/missing-needs-maxspan", stage.range, "A missing event [![…]] requires the sequence to declare [with maxspan=…]");
    }
  }
  if (q.until?.missing) report(ctx, "eql/missing-until", q.until.range, "The [until] stage cannot be a missing event [![…]]");
  if (q.until?.runsWritten) report(ctx, "eql/until-runs", q.until.range, "The [until] stage does not accept [with runs=…]");
  if (q.stages.length > 0 && q.stages.every((s) => s.missing)) {
    report(ctx, "eql/no-positive-stage", q.range, "A sequence requires at least one positive (non-missing) stage");
  }
  const expanded = q.stages.reduce((n, s) => n + Math.max(0, Math.min(s.runs, MAX_RUNS)), 0);
  if (expanded < 2) {
    report(ctx, "eql/too-few-stages", q.range, `A sequence requires a minimum of 2 queries, found [${expanded}]`);
  }
  checkJoinKeyCounts(ctx, q.keys.length, all);
}

function checkSample(ctx: CheckContext, q: SampleQuery): void {
  checkKeys(ctx, q.keys);
  for (const stage of q.stages) {
    checkFilter(ctx, stage.filter);
    checkKeys(ctx, stage.keys);
  }
  if (q.keys.length === 0 && q.stages.every((s) => s.keys.length === 0)) {
    report(ctx, "eql/sample-restriction", q.range, "A sample requires join keys: write [sample by …] or [by …] after each stage");
  }
  if (q.stages.length < 2) {
    report(ctx, "eql/sample-restriction", q.range, `A sample requires a minimum of 2 queries, found [${q.stages.length}]`);
  }
  if (q.stages.length > MAX_SAMPLE_STAGES) {
    report(ctx, "eql/sample-restriction", q.stages[MAX_SAMPLE_STAGES]!.range, `A sample supports up to ${MAX_SAMPLE_STAGES} queries, found [${q.stages.length}]`);
  }
  for (const pipe of q.pipes) report(ctx, "eql/sample-restriction", pipe.range, `Pipe [${pipe.kind}] is not supported with [sample]`);
  checkJoinKeyCounts(ctx, q.keys.length, q.stages);
}

/** Every stage (until included) must end up with the same number of keys as the first. */
function checkJoinKeyCounts(ctx: CheckContext, shared: number, stages: ReadonlyArray<{ keys: readonly Expr[]; range: SourceRange }>): void {
  const first = stages[0];
  if (!first) return;
  const expected = shared + first.keys.length;
  for (const stage of stages.slice(1)) {
    const found = shared + stage.keys.length;
    if (found !== expected) {
      report(ctx, "eql/join-keys-count", stage.range, `Inconsistent number of join keys specified; expected [${expected}] but found [${found}]`);
    }
  }
}
