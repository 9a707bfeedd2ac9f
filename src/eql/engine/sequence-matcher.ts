/**
 * The sequence state machine of C.5, fed events in ordinal order. Each key has
 * one pending sequence per stage ("state"); a newer one replaces an older one.
 * An event visits the positive stages LAST to first, so it never fills two
 * adjacent stages of one sequence. Memory is bounded by pending sequences:
 * with a maxspan, sequences (and missing-event evidence) older than the span
 * are swept; without one, state lives as long as its key has pending work.
 */
import { compareRecords, type EventRecord } from "./event-record.ts";
import { compareJoinKeys, type JoinKey } from "./join-keys.ts";
import { existsBetween, keepsCandidate, latestBefore, newTrack, recordMatch, type MissingTrack } from "./missing-events.ts";
import type { SequencePlan } from "./sequence-plan.ts";
import type { EqlEvent } from "./values.ts";

/** A completed (and kept) sequence: positive events, with null for missing-stage slots. */
export interface SequenceMatch {
  readonly key: JoinKey;
  readonly events: readonly (EventRecord | null)[];
}

interface Partial {
  readonly key: JoinKey;
  readonly events: EventRecord[];
  readonly lastLeading: number | undefined;
}

interface Completion {
  readonly partial: Partial;
  /** 0 waiting for trailing evidence, 1 keep, 2 drop. */
  status: 0 | 1 | 2;
  readonly deadline: number;
}

interface KeyState {
  readonly slots: (Partial | undefined)[];
  /** The latest `until` event seen for this key (all earlier ones no longer matter). */
  until: EventRecord | undefined;
  readonly tracks: MissingTrack[];
  waiting: Completion[];
}

const SWEEP_EVERY = 4096;

export class SequenceMatcher {
  private readonly states = new Map<string, KeyState>();
  private readonly queue: Completion[] = [];
  private queueHead = 0;
  private processed = 0;

  constructor(
    private readonly plan: SequencePlan,
    private readonly emit: (match: SequenceMatch) => void,
  ) {}

  /** Which stage filters the event matches, or null when none (such events need no buffering). */
  filterHits(event: EqlEvent): readonly boolean[] | null {
    const { filters } = this.plan;
    let hits: boolean[] | null = null;
    for (let i = 0; i < filters.length; i++) {
      if (!filters[i]!(event)) continue;
      hits ??= filters.map(() => false);
      hits[i] = true;
    }
    return hits;
  }

  /** Processes one event (in ordinal order) given its `filterHits`. */
  push(rec: EventRecord, matched: readonly boolean[] | null = this.filterHits(rec.source)): void {
    if (matched === null) return;
    const { plan } = this;
    this.drain(rec.ts);
    for (let m = 0; m < plan.missing.length; m++) {
      const stage = plan.missing[m]!;
      if (!matched[stage.filter]) continue;
      for (const key of stage.keys(rec.source)) this.recordMissing(m, key, rec);
    }
    const completed: Partial[] = [];
    for (let k = plan.positives.length - 1; k >= 0; k--) {
      const stage = plan.positives[k]!;
      if (!matched[stage.filter]) continue;
      for (const key of stage.keys(rec.source)) this.advance(k, key, rec, completed);
    }
    if (completed.length > 1) {
      // Same last event (multi-valued keys): by first event, then by key (C.5).
      completed.sort((a, b) => compareRecords(a.events[0]!, b.events[0]!) || compareJoinKeys(a.key.values, b.key.values));
    }
    for (const p of completed) this.complete(p);
    // Recorded after the stage matches: an until event only affects sequences
    // that advance AFTER it (ES looks up the nearest until strictly before the
    // advancing event), so the same event can still complete a sequence.
    if (plan.until && matched[plan.until.filter]) {
      for (const key of plan.until.keys(rec.source)) {
        const state = this.states.get(key.id);
        if (state) state.until = rec;
      }
    }
    this.drain(rec.ts);
    if (++this.processed % SWEEP_EVERY === 0) this.sweep(rec.ts);
  }

  /** Releases every completion still waiting for trailing evidence (end of input). */
  finish(): void {
    this.drain(Infinity);
  }

  /** Number of keys with live state (for memory tests). */
  get liveKeys(): number {
    return this.states.size;
  }

  private stateFor(id: string): KeyState {
    let state = this.states.get(id);
    if (!state) {
      state = { slots: this.plan.positives.map(() => undefined), until: undefined, tracks: this.plan.missing.map(newTrack), waiting: [] };
      this.states.set(id, state);
    }
    return state;
  }

  private recordMissing(m: number, key: JoinKey, rec: EventRecord): void {
    const stage = this.plan.missing[m]!;
    const state = this.stateFor(key.id);
    recordMatch(state.tracks[m]!, rec.ts);
    if (stage.position.kind !== "trailing" || state.waiting.length === 0) return;
    // The earliest trailing match after a waiting sequence's last event decides it.
    state.waiting = state.waiting.filter((c) => {
      if (c.status !== 0) return false;
      const events = c.partial.events;
      if (!(rec.ts > events[events.length - 1]!.ts)) return true;
      c.status = this.decide(c.partial, rec.ts) ? 1 : 2;
      return false;
    });
  }

  private leadingBefore(state: KeyState, ts: number): number | undefined {
    let latest = -Infinity;
    this.plan.missing.forEach((m, i) => {
      if (m.position.kind === "leading") latest = Math.max(latest, latestBefore(state.tracks[i]!, ts));
    });
    return latest === -Infinity ? undefined : latest;
  }

  private gapHasMissing(state: KeyState, before: number, after: number, until: number): boolean {
    const { missing } = this.plan;
    for (let i = 0; i < missing.length; i++) {
      const p = missing[i]!.position;
      if (p.kind === "middle" && p.before === before && existsBetween(state.tracks[i]!, after, until)) return true;
    }
    return false;
  }

  private advance(k: number, key: JoinKey, rec: EventRecord, completed: Partial[]): void {
    const { plan } = this;
    const last = plan.positives.length - 1;
    if (k === 0) {
      const state = this.stateFor(key.id);
      const partial: Partial = { key, events: [rec], lastLeading: plan.hasLeading ? this.leadingBefore(state, rec.ts) : undefined };
      if (last === 0) completed.push(partial);
      else state.slots[0] = partial; // the newest pending sequence wins
      return;
    }
    const state = this.states.get(key.id);
    const s = state?.slots[k - 1];
    if (!state || !s) return;
    const prev = s.events[s.events.length - 1]!;
    if (compareRecords(prev, rec) >= 0) return; // strictly increasing ordinal
    state.slots[k - 1] = undefined;
    // maxspan is inclusive and measured from the first event; no fallback on failure.
    if (plan.maxspan !== null && rec.ts - s.events[0]!.ts > plan.maxspan) return;
    // until: ES drops `s` when the nearest until before `rec` is at or after
    // s's last event (Ordinal.between is inclusive), so an until event that
    // also filled s's last stage cancels it, but one equal to `rec` does not.
    if (state.until !== undefined && compareRecords(state.until, prev) >= 0) return;
    if (plan.missing.length > 0 && this.gapHasMissing(state, k, prev.ts, rec.ts)) return;
    s.events.push(rec);
    if (k === last) completed.push(s);
    else state.slots[k] = s;
  }

  private decide(p: Partial, firstTrailing: number | undefined): boolean {
    const { plan } = this;
    return keepsCandidate({
      hasLeading: plan.hasLeading,
      hasTrailing: plan.hasTrailing,
      lastLeading: p.lastLeading,
      firstTrailing,
      firstPositive: p.events[0]!.ts,
      lastPositive: p.events[p.events.length - 1]!.ts,
      maxspan: plan.maxspan ?? Infinity,
    });
  }

  private complete(p: Partial): void {
    const { plan } = this;
    const first = p.events[0]!.ts;
    let c: Completion;
    if (!plan.hasTrailing) c = { partial: p, status: this.decide(p, undefined) ? 1 : 2, deadline: first };
    else if (plan.hasLeading && p.lastLeading === undefined) c = { partial: p, status: 1, deadline: first };
    else {
      // Wait for trailing evidence; a trailing match after first + maxspan keeps the
      // sequence under every rule, so the lookahead is bounded by maxspan.
      c = { partial: p, status: 0, deadline: first + (plan.maxspan ?? Infinity) };
      this.stateFor(p.key.id).waiting.push(c);
    }
    this.queue.push(c);
  }

  /** Emits decided completions in completion order; undecided ones past their deadline are kept. */
  private drain(now: number): void {
    const q = this.queue;
    while (this.queueHead < q.length) {
      const c = q[this.queueHead]!;
      if (c.status === 0) {
        if (!(c.deadline < now)) break;
        c.status = 1;
      }
      if (c.status === 1) this.emit(this.toMatch(c.partial));
      this.queueHead++;
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > q.length) {
      q.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private toMatch(p: Partial): SequenceMatch {
    let i = 0;
    return { key: p.key, events: this.plan.layout.map((positive) => (positive ? p.events[i++]! : null)) };
  }

  /** Drops state that can no longer matter: older than maxspan, or empty. */
  private sweep(now: number): void {
    const span = this.plan.maxspan;
    const horizon = span === null ? -Infinity : now - span;
    for (const [id, state] of this.states) {
      let live = false;
      state.slots.forEach((s, i) => {
        if (s && s.events[0]!.ts < horizon) state.slots[i] = undefined;
        else if (s) live = true;
      });
      for (const t of state.tracks) {
        if (t.last < horizon) t.last = t.prev = -Infinity;
        else if (t.last !== -Infinity) live = true;
      }
      state.waiting = state.waiting.filter((c) => c.status === 0);
      if (state.waiting.length > 0) live = true;
      if (!live) this.states.delete(id);
    }
  }
}
