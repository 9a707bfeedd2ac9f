/**
 * Writes a value as `JSON.stringify(value, null, 2)` would, byte for byte,
 * but piece by piece: the outer objects and arrays are walked and each inner
 * value is stringified on its own, so a search result with a hundred thousand
 * hits never exists as one string (which would double the memory of a run
 * that asked for every result).
 */

const FLUSH_AT = 1 << 16;

function isContainer(v: unknown): v is object {
  return typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** What JSON.stringify keeps as an object member (it drops undefined, functions and symbols). */
function isSerializable(v: unknown): boolean {
  return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
}

/** The pieces of `value`'s text, in order (small ones: the caller batches them). */
function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth === 0 || !isContainer(value)) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    // JSON text never holds a raw newline inside a string, so every newline is layout.
    yield indent === "" ? text : text.replaceAll("\n", "\n" + indent);
    return;
  }
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[\n";
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      yield inner;
      yield* pieces(isSerializable(item) ? item : null, inner, depth - 1);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    yield indent + "]";
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => isSerializable(v));
  if (entries.length === 0) return yield "{}";
  yield "{\n";
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i]!;
    yield `${inner}${JSON.stringify(key)}: `;
    yield* pieces(v, inner, depth - 1);
    yield i < entries.length - 1 ? ",\n" : "\n";
  }
  yield indent + "}";
}

/**
 * `JSON.stringify(value, null, 2)` in chunks of about 64 KiB, walking the
 * first `depth` levels of containers (deeper values are stringified whole).
 * Lazy: a value is only turned into text when its chunk is asked for, so a
 * caller that waits for its output stream to drain holds one chunk at a time.
 */
export function* prettyJsonChunks(value: unknown, depth = 4): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces(value, "", depth)) {
    parts.push(piece);
    size += piece.length;
    if (size >= FLUSH_AT) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}

/** Sends `JSON.stringify(value, null, 2)` to `sink` in chunks (see prettyJsonChunks). */
export function writePrettyJson(value: unknown, sink: (text: string) => void, depth = 4): void {
  for (const chunk of prettyJsonChunks(value, depth)) sink(chunk);
}
