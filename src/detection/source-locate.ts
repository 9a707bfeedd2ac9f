/**
 * Finds where things sit in a detection module's source, with the TypeScript
 * compiler API: the object literal passed to `defineDetection(...)`, the node
 * at a zod issue path inside it, and the `query` string literal (with a map from
 * each character of the runtime string to its offset in the file, because
 * escapes such as `\\` make the two differ).
 */
import { createRequire } from "node:module";
import type ts from "typescript";
import { positionAt, rangeOf, type SourceRange } from "../diagnostics/index.ts";

let compilerApi: typeof ts | undefined;

/**
 * The compiler API, loaded on first use: it is a 9 MB module (about 1.5 s of
 * start-up), and commands that never read a module's source, such as
 * `dac eql search`, reach this folder only for its field lists.
 */
function api(): typeof ts {
  return (compilerApi ??= createRequire(import.meta.url)("typescript") as typeof ts);
}

export interface ModuleSource {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
}

export function parseModuleSource(file: string, text: string): ModuleSource {
  return { file, text, sourceFile: api().createSourceFile(file, text, api().ScriptTarget.Latest, true, api().ScriptKind.TS) };
}

/** Object literals passed as first argument to `callee(...)`, in source order. */
export function findDefinitionObjects(source: ModuleSource, callee: string): ts.ObjectLiteralExpression[] {
  const found: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (api().isCallExpression(node) && api().isIdentifier(node.expression) && node.expression.text === callee) {
      const arg = node.arguments[0];
      if (arg && api().isObjectLiteralExpression(arg)) found.push(arg);
    }
    api().forEachChild(node, visit);
  };
  visit(source.sourceFile);
  return found;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (api().isIdentifier(name) || api().isStringLiteral(name) || api().isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The initializer of `key` in an object literal (shorthand properties point at their name). */
export function findProperty(object: ts.ObjectLiteralExpression, key: string): ts.Node | undefined {
  for (const prop of object.properties) {
    if (api().isPropertyAssignment(prop) && propertyName(prop.name) === key) return prop.initializer;
    if (api().isShorthandPropertyAssignment(prop) && prop.name.text === key) return prop.name;
  }
  return undefined;
}

/** A string-valued property's literal text, when it is written as a plain literal. */
export function readStringProperty(object: ts.ObjectLiteralExpression, key: string): string | undefined {
  const node = findProperty(object, key);
  return node && (api().isStringLiteral(node) || api().isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * The deepest node along a zod issue path. A missing key points at the object
 * that should hold it, so "required" errors land on the right literal.
 */
export function findNodeAtPath(root: ts.Node, path: readonly PropertyKey[]): ts.Node {
  let node: ts.Node = root;
  for (const segment of path) {
    while (api().isParenthesizedExpression(node) || api().isAsExpression(node) || api().isSatisfiesExpression(node)) node = node.expression;
    let next: ts.Node | undefined;
    if (api().isObjectLiteralExpression(node) && typeof segment === "string") next = findProperty(node, segment);
    else if (api().isArrayLiteralExpression(node) && typeof segment === "number") next = node.elements[segment];
    if (!next) break;
    node = next;
  }
  return node;
}

export function rangeOfNode(source: ModuleSource, node: ts.Node): SourceRange {
  return rangeOf(source.text, node.getStart(source.sourceFile), node.getEnd(), source.file);
}

/** Where each character of a literal's runtime value sits in the file. */
export interface QuerySourceMap {
  readonly file: string;
  readonly text: string;
  /** offsets[i]: file offset of runtime character i; offsets[length]: the closing quote. */
  readonly offsets: readonly number[];
}

const SIMPLE_ESCAPES = new Set(["n", "t", "r", "b", "f", "v", "0", "\\", "'", '"', "`", "$"]);

/** `String.raw\`…\`` without substitutions: its value is its source text. */
function isRawTemplate(node: ts.Node): node is ts.TaggedTemplateExpression & { template: ts.NoSubstitutionTemplateLiteral } {
  return api().isTaggedTemplateExpression(node) && node.tag.getText() === "String.raw" && api().isNoSubstitutionTemplateLiteral(node.template);
}

/** The node whose first character + 1 is the string's first character (the template of a String.raw tag). */
export function unwrapStringNode(node: ts.Node): ts.Node {
  return isRawTemplate(node) ? node.template : node;
}

/**
 * Maps a string literal, a no-substitution template literal or a
 * String.raw template; undefined for anything else (e.g. a template with
 * substitutions or a computed value: callers then fall back to the origin).
 */
export function mapStringLiteral(source: ModuleSource, node: ts.Node, value: string): QuerySourceMap | undefined {
  const raw = isRawTemplate(node);
  const literal = unwrapStringNode(node);
  if (!raw && !api().isStringLiteral(literal) && !api().isNoSubstitutionTemplateLiteral(literal)) return undefined;
  const start = literal.getStart(source.sourceFile) + 1;
  const end = literal.getEnd() - 1;
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    const ch = source.text[i];
    if (raw || ch !== "\\") {
      // A CRLF inside a template literal is one "\n" at runtime.
      if (ch === "\r" && source.text[i + 1] === "\n") i++;
      offsets.push(i);
      i++;
      continue;
    }
    const next = source.text[i + 1] ?? "";
    if (next === "\n" || next === "\r") {
      i += next === "\r" && source.text[i + 2] === "\n" ? 3 : 2; // line continuation: no character
    } else if (SIMPLE_ESCAPES.has(next)) {
      offsets.push(i);
      i += 2;
    } else if (next === "x") {
      offsets.push(i);
      i += 4;
    } else if (next === "u") {
      const braced = source.text[i + 2] === "{";
      const close = braced ? source.text.indexOf("}", i) : i + 5;
      const code = Number.parseInt(braced ? source.text.slice(i + 3, close) : source.text.slice(i + 2, i + 6), 16);
      offsets.push(i);
      if (code > 0xffff) offsets.push(i);
      i = close + 1;
    } else {
      offsets.push(i);
      i += 2;
    }
  }
  offsets.push(end);
  // If our decoding disagrees with the runtime value, a wrong map is worse than none.
  if (offsets.length !== value.length + 1) return undefined;
  return { file: source.file, text: source.text, offsets };
}

/** Moves a range relative to the query string into the module file. */
export function mapQueryRange(map: QuerySourceMap, range: SourceRange): SourceRange {
  const at = (offset: number): number => map.offsets[Math.min(Math.max(offset, 0), map.offsets.length - 1)] ?? 0;
  return rangeOf(map.text, at(range.start.offset), at(range.end.offset), map.file);
}

export function positionOfNode(source: ModuleSource, node: ts.Node, delta = 0): ReturnType<typeof positionAt> {
  return positionAt(source.text, node.getStart(source.sourceFile) + delta);
}

/**
 * Second and later occurrences of a key in any object literal of the module:
 * JavaScript keeps the last one silently, so `severity: "low"` written twice
 * would deploy whichever came last.
 */
export function findDuplicateKeys(source: ModuleSource): { readonly key: string; readonly node: ts.Node; readonly first: ts.Node }[] {
  const found: { key: string; node: ts.Node; first: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (api().isObjectLiteralExpression(node)) {
      const seen = new Map<string, ts.Node>();
      for (const prop of node.properties) {
        const name = api().isPropertyAssignment(prop) ? propertyName(prop.name) : api().isShorthandPropertyAssignment(prop) ? prop.name.text : undefined;
        if (name === undefined || !prop.name) continue;
        const first = seen.get(name);
        if (first) found.push({ key: name, node: prop.name, first });
        else seen.set(name, prop.name);
      }
    }
    api().forEachChild(node, visit);
  };
  visit(source.sourceFile);
  return found;
}
