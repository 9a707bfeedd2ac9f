/**
 * Sigma value modifiers, applied left to right as the specification says:
 * each turns one value into one or more alternatives (windash and
 * base64offset expand into several, ORed). Unknown modifiers and modifiers
 * applied to a value they cannot take are refusals that name the modifier.
 */
import type { SigmaScalar } from "./rule-model.ts";
import { hasWildcard, isPlain, mergeText, parseSigmaString, plainText, type SigmaValue, type StringPart, type StringValue } from "./sigma-value.ts";

export const SIGMA_MODIFIERS = [
  "contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "base64", "base64offset", "utf16le", "utf16be", "wide", "utf16",
  "windash", "exists", "fieldref", "lt", "lte", "gt", "gte", "cased", "expand",
] as const;
export type SigmaModifier = (typeof SIGMA_MODIFIERS)[number];

/** A detection item's values after modifiers: per original value, its alternatives (ORed). */
export interface ModifiedValues {
  /** `all`: every value must match (AND) instead of any (OR). */
  readonly linkAll: boolean;
  readonly values: readonly (readonly SigmaValue[])[];
}

export type ModifierResult = { readonly ok: true; readonly value: ModifiedValues } | { readonly ok: false; readonly code: string; readonly message: string };

const refuse = (code: string, message: string): ModifierResult => ({ ok: false, code, message });

/** The starting value of a YAML scalar before modifiers. */
function initialValue(raw: SigmaScalar, expand: boolean): SigmaValue {
  if (raw === null) return { kind: "null" };
  if (typeof raw === "boolean") return { kind: "boolean", value: raw };
  if (typeof raw === "number") return { kind: "number", value: raw };
  return { kind: "string", parts: parseSigmaString(raw, expand), cased: false };
}

/** Text of a value for modifiers that treat numbers as strings (`contains: 4104`). */
function asString(v: SigmaValue, raw: SigmaScalar): StringValue | undefined {
  if (v.kind === "string") return v;
  if (v.kind === "number") return { kind: "string", parts: parseSigmaString(String(raw)), cased: false };
  return undefined;
}

export function applyModifiers(modifiers: readonly string[], raws: readonly SigmaScalar[]): ModifierResult {
  for (const m of modifiers) {
    if (!(SIGMA_MODIFIERS as readonly string[]).includes(m)) return refuse("sigma/unknown-modifier", `Unknown modifier "${m}"; Sigma's modifiers are ${SIGMA_MODIFIERS.join(", ")}`);
  }
  const expand = modifiers.includes("expand");
  const values: SigmaValue[][] = [];
  for (const raw of raws) {
    let alternatives: SigmaValue[] = [initialValue(raw, expand)];
    for (const m of modifiers as readonly SigmaModifier[]) {
      if (m === "all" || m === "expand") continue;
      const next: SigmaValue[] = [];
      for (const v of alternatives) {
        const r = applyOne(m, v, raw);
        if (typeof r === "string") return refuse("sigma/invalid-modifier", r);
        next.push(...r);
      }
      alternatives = next;
    }
    for (const v of alternatives) if (v.kind === "bytes") return refuse("sigma/invalid-modifier", `An encoding modifier (${modifiers.join("|")}) must be followed by base64 or base64offset`);
    values.push(alternatives);
  }
  return { ok: true, value: { linkAll: modifiers.includes("all"), values } };
}

function wrap(v: StringValue, before: boolean, after: boolean): StringValue {
  const parts: StringPart[] = [...v.parts];
  const star = { wildcard: "*" as const };
  const isStar = (p: StringPart | undefined) => p !== undefined && typeof p !== "string" && "wildcard" in p && p.wildcard === "*";
  if (before && !isStar(parts[0])) parts.unshift(star);
  if (after && !isStar(parts[parts.length - 1])) parts.push(star);
  return { ...v, parts };
}

/** One modifier on one value: its alternatives, or why it does not apply. */
function applyOne(m: SigmaModifier, v: SigmaValue, raw: SigmaScalar): SigmaValue[] | string {
  switch (m) {
    case "contains":
    case "startswith":
    case "endswith": {
      const s = asString(v, raw);
      if (!s) return `"${m}" applies to a string, not to ${v.kind}`;
      return [wrap(s, m !== "startswith", m !== "endswith")];
    }
    case "cased": {
      const s = asString(v, raw);
      return s ? [{ ...s, cased: true }] : `"cased" applies to a string, not to ${v.kind}`;
    }
    case "windash": {
      const s = asString(v, raw);
      return s ? expandWindash(s) : `"windash" applies to a string, not to ${v.kind}`;
    }
    case "utf16le":
    case "wide":
    case "utf16be":
    case "utf16": {
      const s = asString(v, raw);
      if (!s || !isPlain(s.parts)) return `"${m}" applies to a plain string (no wildcards)`;
      const text = s.parts.join("");
      if (m === "utf16be") return [{ kind: "bytes", bytes: Buffer.from(Buffer.from(text, "utf16le").swap16()) }];
      const le = Buffer.from(text, "utf16le");
      return [{ kind: "bytes", bytes: m === "utf16" ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le }];
    }
    case "base64":
    case "base64offset": {
      const bytes = v.kind === "bytes" ? v.bytes : (() => {
        const s = asString(v, raw);
        return s && isPlain(s.parts) ? Buffer.from(s.parts.join(""), "utf8") : undefined;
      })();
      if (!bytes) return `"${m}" applies to a plain string (no wildcards): a wildcard has no base64 form`;
      if (m === "base64") return [{ kind: "string", parts: mergeText([bytes.toString("base64")]), cased: true }];
      return base64Offsets(bytes).map((text) => ({ kind: "string", parts: [text], cased: true }));
    }
    case "re": {
      if (v.kind !== "string" && v.kind !== "number") return `"re" applies to a string, not to ${v.kind}`;
      return [{ kind: "regex", pattern: String(raw), flags: [] }];
    }
    case "i":
    case "m":
    case "s":
      return v.kind === "regex" ? [{ ...v, flags: [...v.flags, m] }] : `the regex flag "${m}" follows "re"`;
    case "cidr": {
      const s = asString(v, raw);
      if (!s || !isPlain(s.parts) || !/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/.test(s.parts.join(""))) return `"cidr" takes a network such as 10.0.0.0/8`;
      return [{ kind: "cidr", cidr: s.parts.join("") }];
    }
    case "exists":
      if (v.kind !== "boolean") return `"exists" takes true or false`;
      return [{ kind: "exists", exists: v.value }];
    case "fieldref": {
      const s = asString(v, raw);
      if (!s || !isPlain(s.parts)) return `"fieldref" takes a field name`;
      return [{ kind: "fieldref", field: s.parts.join("") }];
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const n = v.kind === "number" ? v.value : v.kind === "string" && isPlain(v.parts) && /^-?[0-9]+(\.[0-9]+)?$/.test(v.parts.join("")) ? Number(v.parts.join("")) : undefined;
      if (n === undefined) return `"${m}" takes a number`;
      return [{ kind: "compare", op: ({ lt: "<", lte: "<=", gt: ">", gte: ">=" } as const)[m], value: n }];
    }
    default:
      return [v];
  }
}

const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];

/**
 * windash: a `-` or `/` that starts a word (not inside one, as in
 * `-param-name`'s second dash) may be written with any of the dashes Windows
 * command lines accept. Every combination is an alternative.
 */
function expandWindash(v: StringValue): StringValue[] {
  // Positions are found on the whole text, with wildcards as non-word characters.
  const text = plainText(v.parts);
  const positions: number[] = [];
  const isWord = (c: string | undefined) => c !== undefined && /\w/.test(c);
  let offset = 0;
  const literalAt = new Set<number>();
  for (const p of v.parts) {
    if (typeof p === "string") for (let i = 0; i < p.length; i++) literalAt.add(offset + i);
    offset += typeof p === "string" ? p.length : "wildcard" in p ? 1 : p.placeholder.length + 2;
  }
  for (let i = 0; i < text.length; i++) {
    if ((text[i] === "-" || text[i] === "/") && literalAt.has(i) && !isWord(text[i - 1]) && isWord(text[i + 1])) positions.push(i);
  }
  if (positions.length === 0) return [v];
  // Rebuild parts for each combination of dash choices.
  let combos: string[][] = [[]];
  for (let k = 0; k < positions.length; k++) combos = combos.flatMap((c) => DASHES.map((d) => [...c, d]));
  return combos.map((choice) => {
    const parts: StringPart[] = [];
    let pos = 0;
    for (const p of v.parts) {
      if (typeof p !== "string") {
        parts.push(p);
        pos += "wildcard" in p ? 1 : p.placeholder.length + 2;
        continue;
      }
      let s = "";
      for (let i = 0; i < p.length; i++) {
        const at = positions.indexOf(pos + i);
        s += at >= 0 ? choice[at]! : p[i]!;
      }
      parts.push(s);
      pos += p.length;
    }
    return { ...v, parts: mergeText(parts) };
  });
}

/**
 * base64offset: the three base64 forms the bytes take depending on their
 * offset in a larger encoded blob, trimmed to the characters that do not
 * depend on the neighbouring bytes.
 */
export function base64Offsets(bytes: Buffer): string[] {
  const out: string[] = [];
  const startTrim = [0, 2, 3];
  const endTrim = [0, 3, 2];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString("base64");
    const cut = endTrim[(bytes.length + shift) % 3]!;
    out.push(encoded.slice(startTrim[shift], cut === 0 ? undefined : encoded.length - cut));
  }
  return out;
}

export { hasWildcard };
