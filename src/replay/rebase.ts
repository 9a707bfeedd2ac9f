/**
 * Moves recorded events to the present so that a monitor whose window ends
 * "now" sees them. Every timestamp shifts by the same amount, so the gaps
 * between events (what `maxspan` and look-back windows measure) stay exact.
 */

/** Event fields shifted along with the detection's timestamp field when present. */
export const REBASED_DATE_FIELDS = ["event.created", "event.ingested"] as const;

export interface RebaseOptions {
  /** Where the latest event lands (epoch millis). */
  readonly now: number;
  /** The field that orders events (the detection's timestampField). */
  readonly timestampField?: string;
  /** Further date fields to shift (default REBASED_DATE_FIELDS). */
  readonly otherFields?: readonly string[];
}

export interface RebasedEvents {
  readonly events: Record<string, unknown>[];
  /** Milliseconds added to every timestamp (0 when nothing had one). */
  readonly shiftMs: number;
  /** Latest minus earliest timestamp, unchanged by the shift. */
  readonly spanMs: number;
  /** Rebased earliest and latest timestamps (epoch millis), NaN when none. */
  readonly first: number;
  readonly last: number;
  /** Events without a parseable timestamp: left as they are. */
  readonly untimed: number;
}

/**
 * Returns copies of `events` with the latest `timestampField` moved to `now`
 * and every other timestamp moved by the same shift. Inputs are not mutated:
 * each event and every object on the way to a shifted field are copied; the
 * rest is shared with the input (a deep copy of every event was most of the
 * cost of loading a large fixture set). Copy before mutating nested objects.
 */
export function rebaseEvents(events: readonly Record<string, unknown>[], options: RebaseOptions): RebasedEvents {
  const field = options.timestampField ?? "@timestamp";
  const times = events.map((e) => parseTime(readPath(e, field)));
  const known = times.filter((t): t is number => t !== undefined);
  if (known.length === 0) {
    return { events: events.map((e) => structuredClone(e)), shiftMs: 0, spanMs: 0, first: Number.NaN, last: Number.NaN, untimed: events.length };
  }
  const earliest = Math.min(...known);
  const latest = Math.max(...known);
  const shiftMs = options.now - latest;
  const fields = [field, ...(options.otherFields ?? REBASED_DATE_FIELDS).filter((f) => f !== field)];
  const out = events.map((event) => {
    let copy: Record<string, unknown> | undefined;
    for (const f of fields) {
      const t = parseTime(readPath(copy ?? event, f));
      if (t !== undefined) writePathCopying((copy ??= { ...event }), f, new Date(t + shiftMs).toISOString());
    }
    return copy ?? { ...event };
  });
  return { events: out, shiftMs, spanMs: latest - earliest, first: earliest + shiftMs, last: options.now, untimed: events.length - known.length };
}

/** ISO strings and epoch millis; anything else is "no timestamp". */
function parseTime(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The object holding a dotted field and the key within it. ECS events come
 * both nested (`{event:{created}}`) and with dotted keys (`{"event.created"}`);
 * the longest dotted key present wins at each level.
 */
function locatePath(event: Record<string, unknown>, path: string): { holder: Record<string, unknown>; key: string } | undefined {
  const keys = candidateKeys(path);
  let holder: Record<string, unknown> = event;
  let i = 0;
  while (i < keys.length) {
    let advanced = false;
    for (const { key, end } of keys[i] as readonly CandidateKey[]) {
      if (!(key in holder)) continue;
      if (end === keys.length) return { holder, key };
      const next = holder[key];
      if (typeof next !== "object" || next === null || Array.isArray(next)) return undefined;
      holder = next as Record<string, unknown>;
      i = end;
      advanced = true;
      break;
    }
    if (!advanced) return undefined;
  }
  return undefined;
}

interface CandidateKey {
  readonly key: string;
  /** The part index after the key. */
  readonly end: number;
}

const candidateKeysByPath = new Map<string, readonly (readonly CandidateKey[])[]>();

/**
 * For each part index i of a dotted path, the keys that may start there,
 * longest first (parts i..j-1 joined by dots, j from the end down to i+1):
 * built once per path, since every event of every fixture walks the same few.
 */
function candidateKeys(path: string): readonly (readonly CandidateKey[])[] {
  let keys = candidateKeysByPath.get(path);
  if (!keys) {
    const parts = path.split(".");
    keys = parts.map((_, i) => parts.map((__, k) => parts.length - k).filter((j) => j > i).map((j) => ({ key: parts.slice(i, j).join("."), end: j })));
    candidateKeysByPath.set(path, keys);
  }
  return keys;
}

function readPath(event: Record<string, unknown>, path: string): unknown {
  const at = locatePath(event, path);
  return at ? at.holder[at.key] : undefined;
}

/** Writes a dotted field of `event` (a copy), copying each nested object on the way so the original's stay untouched. */
function writePathCopying(event: Record<string, unknown>, path: string, value: string): void {
  const keys = candidateKeys(path);
  let holder = event;
  let i = 0;
  // Same walk as locatePath (longest dotted key first), copying as it descends.
  while (i < keys.length) {
    let advanced = false;
    for (const { key, end } of keys[i] as readonly CandidateKey[]) {
      if (!(key in holder)) continue;
      if (end === keys.length) {
        holder[key] = value;
        return;
      }
      const next = holder[key];
      if (typeof next !== "object" || next === null || Array.isArray(next)) return;
      const copied = { ...(next as Record<string, unknown>) };
      holder[key] = copied;
      holder = copied;
      i = end;
      advanced = true;
      break;
    }
    if (!advanced) return;
  }
}

/**
 * Every time the events hold in `fields`, ascending; undefined when one of
 * those fields holds a value this parser does not read (the node might place
 * it anywhere). Replay uses it to know which monitor windows have events.
 */
export function collectEventTimes(events: readonly Record<string, unknown>[], fields: readonly string[]): number[] | undefined {
  const times: number[] = [];
  for (const event of events) {
    for (const f of fields) {
      const value = readPath(event, f);
      if (value === undefined || value === null) continue;
      // Without a zone, Date.parse reads local time where the node reads UTC: no guess.
      if (typeof value === "string" && !/(Z|[+-]\d\d:?\d\d)$/.test(value)) return undefined;
      const t = parseTime(value);
      if (t === undefined) return undefined;
      times.push(t);
    }
  }
  return times.sort((a, b) => a - b);
}
