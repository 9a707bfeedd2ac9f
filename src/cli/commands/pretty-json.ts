/**
 * Writes a value as `JSON.stringify(value, null, 2)` would, byte for byte,
 * but piece by piece: the outer objects and arrays are walked and each inner
 * value is stringified on its own, so a search result with a hundred thousand
 * hits never exists as one string (which would double the memory of a run
 * that asked for every result).
 */

const FLUSH_AT = 1 << 16;

/** Collects small pieces and hands them to `sink` in chunks of about 64 KiB. */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (text: string) => void) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.size === 0 && this.parts.length === 0) return;
    this.sink(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

function isContainer(v: unknown): v is object {
  return typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** What JSON.stringify keeps as an object member (it drops undefined, functions and symbols). */
function isSerializable(v: unknown): boolean {
  return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
}

function writeValue(out: ChunkedWriter, value: unknown, indent: string, depth: number): void {
  if (depth === 0 || !isContainer(value)) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    // JSON text never holds a raw newline inside a string, so every newline is layout.
    out.write(indent === "" ? text : text.replaceAll("\n", "\n" + indent));
    return;
  }
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return out.write("[]");
    out.write("[\n");
    value.forEach((item, i) => {
      out.write(inner);
      writeValue(out, isSerializable(item) ? item : null, inner, depth - 1);
      out.write(i < value.length - 1 ? ",\n" : "\n");
    });
    out.write(indent + "]");
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => isSerializable(v));
  if (entries.length === 0) return out.write("{}");
  out.write("{\n");
  entries.forEach(([key, v], i) => {
    out.write(`${inner}${JSON.stringify(key)}: `);
    writeValue(out, v, inner, depth - 1);
    out.write(i < entries.length - 1 ? ",\n" : "\n");
  });
  out.write(indent + "}");
}

/**
 * Sends `JSON.stringify(value, null, 2)` to `sink` in chunks, walking the
 * first `depth` levels of containers (deeper values are stringified whole).
 */
export function writePrettyJson(value: unknown, sink: (text: string) => void, depth = 4): void {
  const out = new ChunkedWriter(sink);
  writeValue(out, value, "", depth);
  out.flush();
}
