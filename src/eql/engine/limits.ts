/**
 * `size`, `result_position` and the `| head N` / `| tail N` pipes (C.7). The
 * request `size` is an implicit first limit in the direction of the first
 * pipe (or of `result_position` when there is no pipe), then the pipes apply
 * left to right: `| head 4 | tail 2` keeps results 3 and 4. Only the first
 * limit sees the whole stream, so it is the only one that must stream with
 * bounded memory; the rest apply to at most N items at the end.
 */
import type { Pipe } from "../ast.ts";
import { Heap } from "./heap.ts";

export interface Limit {
  readonly kind: "head" | "tail";
  readonly count: number;
}

export interface LimitPlan {
  /** The streaming limit (leading limits of the same direction merged). */
  readonly first: Limit;
  readonly rest: readonly Limit[];
}

/** Plans the limits for a query's pipes and the request's size/position. */
export function planLimits(pipes: readonly Pick<Pipe, "kind" | "count">[], size: number, position: "head" | "tail"): LimitPlan {
  const limits: Limit[] = [{ kind: pipes[0]?.kind ?? position, count: size }, ...pipes.map((p) => ({ kind: p.kind, count: p.count }))];
  let first = limits[0]!;
  let i = 1;
  while (i < limits.length && limits[i]!.kind === first.kind) {
    first = { kind: first.kind, count: Math.min(first.count, limits[i]!.count) };
    i++;
  }
  return { first, rest: limits.slice(i) };
}

/** Applies limits to an already ordered list. */
export function applyLimits<T>(items: readonly T[], limits: readonly Limit[]): T[] {
  let out = [...items];
  for (const l of limits) out = l.kind === "head" ? out.slice(0, l.count) : out.slice(Math.max(out.length - l.count, 0));
  return out;
}

/** Keeps the first limit of items that arrive in result order (sequences: completion order). */
export class StreamLimiter<T> {
  private readonly kept: T[] = [];
  private start = 0;
  /** `keep` turns an item into what is stored, only for items that are stored (see options.ts keepResult). */
  constructor(
    private readonly limit: Limit,
    private readonly keep: (item: T) => T = (item) => item,
  ) {}

  /** False once a head limit is full (later items can never be kept). */
  get wantsMore(): boolean {
    return this.limit.kind === "tail" || this.kept.length < this.limit.count;
  }

  push(item: T): void {
    const { kind, count } = this.limit;
    if (count === 0) return;
    if (kind === "head") {
      if (this.kept.length < count) this.kept.push(this.keep(item));
      return;
    }
    // Ring buffer: overwrite the oldest once full.
    if (this.kept.length < count) this.kept.push(this.keep(item));
    else {
      this.kept[this.start] = this.keep(item);
      this.start = (this.start + 1) % count;
    }
  }

  finish(): T[] {
    return [...this.kept.slice(this.start), ...this.kept.slice(0, this.start)];
  }
}

/** Keeps the first limit of items that may arrive out of order, by `compare` (events: ordinal). */
export class OrderedLimiter<T> {
  private readonly heap: Heap<T>;
  constructor(
    private readonly limit: Limit,
    private readonly compare: (a: T, b: T) => number,
    private readonly keep: (item: T) => T = (item) => item,
  ) {
    // head keeps the N smallest: a max-heap whose top is the first to evict; tail the reverse.
    this.heap = new Heap<T>(limit.kind === "head" ? (a, b) => compare(b, a) : compare);
  }

  push(item: T): void {
    const { count } = this.limit;
    if (count === 0) return;
    if (this.heap.size < count) {
      this.heap.push(this.keep(item));
      return;
    }
    const top = this.heap.peek()!;
    const better = this.limit.kind === "head" ? this.compare(item, top) < 0 : this.compare(item, top) > 0;
    if (better) {
      this.heap.pop();
      this.heap.push(this.keep(item));
    }
  }

  /** The kept items in ascending order. */
  finish(): T[] {
    const items = this.heap.drain();
    return this.limit.kind === "head" ? items.reverse() : items;
  }
}
