/**
 * Sigma values after modifiers: the typed value a detection item compares a
 * field with. Strings keep wildcards apart from literal text (a Sigma `\*` is
 * a literal star, a bare `*` a wildcard), so the emitter can pick the EQL
 * operator that keeps the meaning exactly.
 */

/** A run of literal text, or a wildcard: `*` any run of characters, `?` exactly one. */
export type StringPart = string | { readonly wildcard: "*" | "?" } | { readonly placeholder: string };

export type SigmaValue =
  | { readonly kind: "string"; readonly parts: readonly StringPart[]; readonly cased: boolean }
  | { readonly kind: "bytes"; readonly bytes: Buffer }
  | { readonly kind: "regex"; readonly pattern: string; readonly flags: readonly ("i" | "m" | "s")[] }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "compare"; readonly op: "<" | "<=" | ">" | ">="; readonly value: number }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "exists"; readonly exists: boolean }
  | { readonly kind: "fieldref"; readonly field: string };

export type StringValue = Extract<SigmaValue, { kind: "string" }>;

/**
 * Parses a Sigma string: `*` and `?` are wildcards; a backslash escapes `*`,
 * `?` and itself; before any other character (or at the end) it is a plain
 * backslash, which is how Windows paths are written in rules.
 */
export function parseSigmaString(text: string, placeholders = false): StringPart[] {
  const parts: StringPart[] = [];
  let acc = "";
  const flush = () => {
    if (acc !== "") parts.push(acc);
    acc = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "*" || next === "?" || next === "\\") {
        acc += next;
        i++;
      } else acc += c;
    } else if (c === "*" || c === "?") {
      flush();
      parts.push({ wildcard: c });
    } else if (placeholders && c === "%") {
      const end = text.indexOf("%", i + 1);
      if (end > i + 1 && /^[A-Za-z0-9_.-]+$/.test(text.slice(i + 1, end))) {
        flush();
        parts.push({ placeholder: text.slice(i + 1, end) });
        i = end;
      } else acc += c;
    } else acc += c;
  }
  flush();
  return mergeText(parts);
}

/** Adjacent text runs joined, so each literal is one part. */
export function mergeText(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else if (p !== "") out.push(p);
  }
  return out;
}

export function isPlain(parts: readonly StringPart[]): parts is readonly string[] {
  return parts.every((p) => typeof p === "string");
}

export function plainText(parts: readonly StringPart[]): string {
  return parts.map((p) => (typeof p === "string" ? p : "wildcard" in p ? p.wildcard : `%${p.placeholder}%`)).join("");
}

export function hasWildcard(parts: readonly StringPart[]): boolean {
  return parts.some((p) => typeof p !== "string" && "wildcard" in p);
}
