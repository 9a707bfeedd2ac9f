/**
 * Compiling a query once into closures, and streaming searches over it. A
 * search session takes events one at a time and keeps only what the query
 * needs: the size window for event queries, pending sequences per key for
 * sequences, one sample per key for samples.
 *
 * Timestamps: ES requires the timestamp field for event and sequence queries,
 * so an event without a parseable timestamp is skipped by those searches
 * (counted in `stats.skippedNoTimestamp`); `matchesEvent` ignores time and
 * sample queries do not need it.
 */
import type { Query } from "../ast.ts";
import { fail, ok, type Diagnostic, type Result } from "../../diagnostics/index.ts";
import { CompileContext } from "./compile-context.ts";
import { compareRecords, parseTimestampMillis, type EventRecord } from "./event-record.ts";
import type { FieldReader } from "./field-access.ts";
import { compileEventFilter } from "./filter.ts";
import { foldUnmappedOptionals } from "./optional-fields.ts";
import { Heap } from "./heap.ts";
import { deriveAnchorClauses, deriveAnchors, type Anchors } from "./prefilter.ts";
import { applyLimits, OrderedLimiter, planLimits, StreamLimiter, type LimitPlan } from "./limits.ts";
import { resolveOptions, type EngineOptions, type ResolvedOptions } from "./options.ts";
import { buildResult, MISSING_HIT, toHit, type EqlSearchResult, type EqlSequenceHit } from "./result.ts";
import { SampleMatcher } from "./sample-matcher.ts";
import { compileSequencePlan, type SequencePlan } from "./sequence-plan.ts";
import { SequenceMatcher, type SequenceMatch } from "./sequence-matcher.ts";
import type { EqlEvent } from "./values.ts";

export interface EventMeta {
  readonly id?: string;
  readonly index?: string;
}

export interface SearchStats {
  /** Events pushed. */
  received: number;
  /** Events the query could use (they match a filter or stage) skipped because the timestamp field was missing or unparseable. */
  skippedNoTimestamp: number;
  /** Sequence events that arrived after the reorder window had passed them (not used). */
  lateEvents: number;
}

export interface EqlSearchSession {
  push(event: EqlEvent, meta?: EventMeta): void;
  finish(): EqlSearchResult;
  readonly stats: Readonly<SearchStats>;
}

export interface CompiledEqlQuery {
  readonly query: Query;
  /** The event query's filter; for sequences and samples, whether ANY stage's filter matches. */
  matchesEvent(event: EqlEvent): boolean;
  /**
   * False when a search session would drop `event` unused: it fails the event
   * query's filter, or every filter of a sequence (positive, missing and
   * `until` stages). Samples use every event. Lets a reader filter events
   * elsewhere (worker threads) and push only these, in input order.
   */
  mayUseEvent(event: EqlEvent): boolean;
  /**
   * Strings of which every usable event's raw JSON contains at least one (null:
   * no such guarantee). Readers may skip other lines unparsed; see prefilter.ts.
   */
  readonly anchors: Anchors;
  /** All anchor clauses (each a disjunction) a usable event's raw JSON satisfies; see prefilter.ts. */
  readonly anchorClauses: readonly (readonly string[])[];
  startSearch(): EqlSearchSession;
}

/** Thrown by `compileEqlQuery` when the query cannot run (bad regex, bad CIDR…). */
export class EqlCompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code} ${d.message}`).join("; "));
  }
}

export function tryCompileEqlQuery(query: Query, options?: EngineOptions): Result<CompiledEqlQuery> {
  const opts = resolveOptions(options);
  const ctx = new CompileContext(opts.mapping);
  const category = ctx.readerForName(opts.eventCategoryField);
  const runnable = opts.mapping ? foldUnmappedOptionals(query, opts.mapping) : query;
  const compiled = compileQuery(runnable, opts, category, ctx);
  return ctx.diagnostics.length > 0 ? fail(ctx.diagnostics) : ok({ ...compiled, query });
}

/** Compiles `query`; throws EqlCompileError (with located diagnostics) when it cannot run. */
export function compileEqlQuery(query: Query, options?: EngineOptions): CompiledEqlQuery {
  const r = tryCompileEqlQuery(query, options);
  if (!r.ok) throw new EqlCompileError(r.diagnostics);
  return r.value;
}

function compileQuery(query: Query, opts: ResolvedOptions, category: FieldReader, ctx: CompileContext): CompiledEqlQuery {
  const ts = ctx.readerForName(opts.timestampField);
  const tb = opts.tiebreakerField === undefined ? undefined : ctx.readerForName(opts.tiebreakerField);
  const id = ctx.readerForName("event.id");
  const limits = planLimits(query.pipes, opts.size, opts.resultPosition);
  const makeRecord = (source: EqlEvent, seq: number, meta: EventMeta | undefined): EventRecord | null => {
    const tsValue = parseTimestampMillis(ts.first(source));
    if (tsValue === null && query.kind !== "sample") return null;
    const docId = meta?.id ?? (typeof source["_id"] === "string" ? source["_id"] : undefined);
    const ownId = docId ?? id.first(source);
    return {
      source,
      id: ownId === null ? String(seq + 1) : String(ownId),
      index: meta?.index ?? "",
      ts: tsValue ?? NaN,
      tiebreaker: tb?.first(source) ?? undefined,
      seq,
      // `event.id` is a label, not a document key: it does not order ties.
      orderId: opts.tieOrder === "id" ? docId : undefined,
    };
  };
  // A mapping can index a value its raw text lacks (null_value, constant_keyword, dates, coercion).
  const anchors = opts.mapping ? null : deriveAnchors(query);
  const anchorClauses = opts.mapping ? [] : deriveAnchorClauses(query);
  switch (query.kind) {
    case "event": {
      const filter = compileEventFilter(query.filter, category, ctx);
      return { query, anchors, anchorClauses, matchesEvent: filter, mayUseEvent: filter, startSearch: () => startEventSearch(filter, limits, makeRecord, opts.keepResult) };
    }
    case "sequence": {
      const plan = compileSequencePlan(query, category, ctx);
      const positive = new Set(plan.positives.map((p) => p.filter));
      return {
        query,
        anchors,
        anchorClauses,
        matchesEvent: (e) => [...positive].some((i) => plan.filters[i]!(e)),
        mayUseEvent: (e) => plan.filters.some((f) => f(e)),
        startSearch: () => startSequenceSearch(plan, limits, opts.reorderWindow, makeRecord, opts.keepResult),
      };
    }
    case "sample": {
      const probe = new SampleMatcher(query, category, ctx);
      return {
        query,
        anchors,
        anchorClauses,
        matchesEvent: (e) => probe.matchesAny({ source: e, id: "", index: "", ts: NaN, tiebreaker: undefined, seq: 0 }),
        mayUseEvent: () => true,
        startSearch: () => startSampleSearch(new SampleMatcher(query, category, new CompileContext(opts.mapping)), limits, opts.tieOrder === "id" ? opts.reorderWindow : null, makeRecord),
      };
    }
  }
}

type MakeRecord = (source: EqlEvent, seq: number, meta: EventMeta | undefined) => EventRecord | null;
type KeepResult = ((value: EqlEvent) => EqlEvent) | undefined;

function newStats(): SearchStats {
  return { received: 0, skippedNoTimestamp: 0, lateEvents: 0 };
}

function startEventSearch(filter: (e: EqlEvent) => boolean, limits: LimitPlan, makeRecord: MakeRecord, keepResult: KeepResult): EqlSearchSession {
  const started = Date.now();
  const stats = newStats();
  // The record keeps its ordinal fields (the size window compares them); only the source waits elsewhere.
  const keep = keepResult === undefined ? undefined : (rec: EventRecord): EventRecord => ({ ...rec, source: keepResult(rec.source) });
  const kept = new OrderedLimiter<EventRecord>(limits.first, compareRecords, keep);
  return {
    stats,
    push(event, meta) {
      const seq = stats.received++;
      if (!filter(event)) return;
      const rec = makeRecord(event, seq, meta);
      if (rec === null) stats.skippedNoTimestamp++;
      else kept.push(rec);
    },
    finish: () => buildResult(started, { events: applyLimits(kept.finish(), limits.rest).map(toHit) }),
  };
}

function startSequenceSearch(plan: SequencePlan, limits: LimitPlan, window: number, makeRecord: MakeRecord, keepResult: KeepResult): EqlSearchSession {
  const started = Date.now();
  const stats = newStats();
  // Sequences are answered in completion order: a kept one is its final hit, handed whole to keepResult.
  const keep = keepResult === undefined ? undefined : (hit: EqlSequenceHit): EqlSequenceHit => keepResult(hit as unknown as EqlEvent) as unknown as EqlSequenceHit;
  const results = new StreamLimiter<EqlSequenceHit>(limits.first, keep);
  const matcher = new SequenceMatcher(plan, (m) => results.push(toSequenceHit(m)));
  type Buffered = { rec: EventRecord; hits: readonly boolean[] };
  const buffer = new Heap<Buffered>((a, b) => compareRecords(a.rec, b.rec));
  let released: EventRecord | undefined;
  const release = (item: Buffered): void => {
    released = item.rec;
    matcher.push(item.rec, item.hits);
  };
  return {
    stats,
    push(event, meta) {
      const seq = stats.received++;
      // Stage filters first: most events match none, and need no record (nor a parsed timestamp).
      const hits = matcher.filterHits(event);
      if (hits === null) return;
      const rec = makeRecord(event, seq, meta);
      if (rec === null) {
        stats.skippedNoTimestamp++;
        return;
      }
      if (released && compareRecords(rec, released) < 0) {
        stats.lateEvents++;
        return;
      }
      if (window === 0) return release({ rec, hits });
      buffer.push({ rec, hits });
      if (buffer.size > window) release(buffer.pop()!);
    },
    finish() {
      for (const item of buffer.drain()) release(item);
      matcher.finish();
      return buildResult(started, { sequences: applyLimits(results.finish(), limits.rest) });
    },
  };
}

function toSequenceHit(m: SequenceMatch): EqlSequenceHit {
  return { join_keys: m.key.values, events: m.events.map((r) => (r === null ? MISSING_HIT : toHit(r))) };
}

/**
 * `window` null: events go to the sampler in input order (`_eql/search`
 * leaves the choice of a key's events open). A number (`tieOrder: "id"`):
 * candidates go in record order (timestamp, missing last; tiebreaker; id),
 * the order dac's OpenSearch sample monitor reads them in on any number of
 * shards, restored through a reorder buffer of that many candidates as for
 * sequences. A candidate older than one already released still joins (a
 * sample needs no time order), counted in `stats.lateEvents`.
 */
function startSampleSearch(matcher: SampleMatcher, limits: LimitPlan, window: number | null, makeRecord: MakeRecord): EqlSearchSession {
  const started = Date.now();
  const stats = newStats();
  const buffer = new Heap<EventRecord>(compareRecords);
  let released: EventRecord | undefined;
  const release = (rec: EventRecord): void => {
    if (released && compareRecords(rec, released) < 0) stats.lateEvents++;
    else released = rec;
    matcher.push(rec);
  };
  return {
    stats,
    push(event, meta) {
      const rec = makeRecord(event, stats.received++, meta);
      if (rec === null) return;
      if (window === null || window === 0) return matcher.push(rec);
      // Only candidates wait in the buffer: the sampler ignores the rest anyway.
      if (!matcher.matchesAny(rec)) return;
      buffer.push(rec);
      if (buffer.size > window) release(buffer.pop()!);
    },
    finish() {
      for (const rec of buffer.drain()) release(rec);
      // Samples are ordered by key, so size keeps the FIRST keys whatever the position.
      const samples = matcher.finish().slice(0, limits.first.count);
      const sequences = applyLimits(samples, limits.rest).map((m) => ({ join_keys: m.key.values, events: m.events.map(toHit) }));
      return buildResult(started, { sequences });
    },
  };
}
