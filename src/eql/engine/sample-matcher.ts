/**
 * `sample by k [f1] [f2] …` (C.6): for each join-key tuple, one event per
 * filter, all distinct; time order is ignored. We keep the FIRST complete
 * sample per key in the order events reach the matcher (ES leaves the choice
 * open): input order, or record order under `tieOrder: "id"` (session.ts),
 * as the OpenSearch sample monitor reads them. Per incomplete
 * key we hold at most (number of filters) candidates per filter, which is
 * enough to find a distinct assignment, so memory is bounded by the number of
 * keys. Samples come out ordered by key values, ascending.
 */
import type { SampleQuery } from "../ast.ts";
import type { CompileContext } from "./compile-context.ts";
import type { EventRecord } from "./event-record.ts";
import type { FieldReader } from "./field-access.ts";
import { compileEventFilter, type EventPredicate } from "./filter.ts";
import { compareJoinKeys, compileKeyExtractor, type JoinKey, type KeyExtractor } from "./join-keys.ts";

export interface SampleMatch {
  readonly key: JoinKey;
  readonly events: readonly EventRecord[];
}

interface KeyState {
  readonly key: JoinKey;
  candidates: EventRecord[][] | null;
  sample: EventRecord[] | null;
}

/** One event per filter, all distinct, by backtracking (at most 5 filters). */
function assignDistinct(candidates: readonly EventRecord[][]): EventRecord[] | null {
  const chosen: EventRecord[] = [];
  const pick = (i: number): boolean => {
    if (i === candidates.length) return true;
    for (const c of candidates[i]!) {
      if (chosen.includes(c)) continue;
      chosen.push(c);
      if (pick(i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return pick(0) ? chosen : null;
}

export class SampleMatcher {
  private readonly filters: EventPredicate[];
  private readonly keys: KeyExtractor[];
  private readonly states = new Map<string, KeyState>();

  constructor(query: SampleQuery, category: FieldReader, ctx: CompileContext) {
    this.filters = query.stages.map((s) => compileEventFilter(s.filter, category, ctx));
    this.keys = query.stages.map((s) => compileKeyExtractor([...query.keys, ...s.keys], ctx));
  }

  matchesAny(rec: EventRecord): boolean {
    return this.filters.some((f) => f(rec.source));
  }

  push(rec: EventRecord): void {
    const n = this.filters.length;
    // Add the event to every filter it matches first, then try once, so that
    // with equal choices earlier events fill earlier filters.
    const touched = new Set<KeyState>();
    for (let i = 0; i < n; i++) {
      if (!this.filters[i]!(rec.source)) continue;
      for (const key of this.keys[i]!(rec.source)) {
        let state = this.states.get(key.id);
        if (!state) {
          state = { key, candidates: this.filters.map(() => []), sample: null };
          this.states.set(key.id, state);
        }
        if (state.sample || !state.candidates) continue;
        const list = state.candidates[i]!;
        if (list.length >= n || list.includes(rec)) continue;
        list.push(rec);
        touched.add(state);
      }
    }
    for (const state of touched) {
      const sample = assignDistinct(state.candidates!);
      if (sample) {
        state.sample = sample;
        state.candidates = null;
      }
    }
  }

  /** Complete samples ordered by join-key values. */
  finish(): SampleMatch[] {
    return [...this.states.values()]
      .filter((s): s is KeyState & { sample: EventRecord[] } => s.sample !== null)
      .sort((a, b) => compareJoinKeys(a.key.values, b.key.values))
      .map((s) => ({ key: s.key, events: s.sample }));
  }
}
