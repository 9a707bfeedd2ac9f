/**
 * Sigma YAML -> rule model. Every problem is a located Diagnostic: YAML syntax
 * errors at the parser's position, Sigma structure errors at the node's range
 * (from the YAML CST), so `dac import sigma` says `rule.yml:12:5` and never
 * "invalid rule".
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from "yaml";
import { errorDiagnostic, rangeOf, type Diagnostic, type Position, type SourceRange } from "../../diagnostics/index.ts";
import { CORRELATION_TYPES, type CorrelationType, type SigmaDetectionGroup, type SigmaDetectionItem, type SigmaDocument, type SigmaLogsource, type SigmaMetadata, type SigmaScalar } from "./rule-model.ts";

export interface ParsedSigmaFile {
  readonly documents: readonly SigmaDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Offsets -> 1-based line/column through a table of line starts (positionAt rescans from 0 each time). */
class Locator {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string, readonly file: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  private position(offset: number): Position {
    const o = Math.min(Math.max(offset, 0), this.text.length);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1, offset: o };
  }
  range(node: { range?: readonly number[] | null } | null | undefined): SourceRange {
    const r = node?.range;
    const start = r?.[0] ?? 0;
    return { file: this.file, start: this.position(start), end: this.position(r?.[1] ?? start) };
  }
}

/** Parses every YAML document of a Sigma file (rules, correlations and filters may share one file). */
export function parseSigmaFile(text: string, file: string): ParsedSigmaFile {
  const at = new Locator(text, file);
  const documents: SigmaDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) diagnostics.push(errorDiagnostic("sigma/yaml", `Invalid YAML: ${e.message.split("\n")[0]}`, { range: rangeOf(text, e.pos[0], e.pos[1], file) }));
      continue;
    }
    if (doc.contents === null) continue;
    const parsed = parseDocument(doc, at);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.document) documents.push(parsed.document);
  }
  return { documents, diagnostics };
}

function parseDocument(doc: Document, at: Locator): { document?: SigmaDocument; diagnostics: Diagnostic[] } {
  const root = doc.contents;
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, node: unknown, code = "sigma/invalid-rule") => {
    diagnostics.push(errorDiagnostic(code, message, { range: at.range(node as Node) }));
    return { diagnostics };
  };
  if (!isMap(root)) return fail("A Sigma rule is a YAML mapping", root);
  const get = (key: string): Node | undefined => (root.items.find((p) => isScalar(p.key) && p.key.value === key)?.value ?? undefined) as Node | undefined;
  const title = scalarString(get("title"));
  if (title === undefined) return fail("A Sigma rule needs a `title`", root);
  const meta = readMetadata(get, title);
  const correlation = get("correlation");
  if (correlation !== undefined) return parseCorrelation(correlation, meta, at, diagnostics, root);
  const filter = get("filter");
  const logsourceNode = get("logsource");
  const logsource = readLogsource(logsourceNode);
  if (filter !== undefined) {
    if (!isMap(filter)) return fail("`filter` is a mapping with `rules` and a detection", filter);
    const detection = parseDetectionSection(filter as Node, at, diagnostics, new Set(["rules", "condition"]));
    const rulesNode = (filter.items.find((p) => isScalar(p.key) && p.key.value === "rules")?.value ?? undefined) as Node | undefined;
    const conditionNode = (filter.items.find((p) => isScalar(p.key) && p.key.value === "condition")?.value ?? undefined) as Node | undefined;
    if (!detection) return { diagnostics };
    const condition = readCondition(conditionNode, at, diagnostics, filter);
    if (condition === undefined) return { diagnostics };
    const rules = stringList(rulesNode);
    return { document: { kind: "filter", ...meta, file: at.file, logsource, rules, detections: detection, condition: condition.text, conditionRange: condition.range, range: at.range(root) }, diagnostics };
  }
  if (logsourceNode === undefined || !isMap(logsourceNode)) return fail("A Sigma rule needs a `logsource` mapping", logsourceNode ?? root);
  const detectionNode = get("detection");
  if (detectionNode === undefined || !isMap(detectionNode)) return fail("A Sigma rule needs a `detection` mapping", detectionNode ?? root);
  const detections = parseDetectionSection(detectionNode, at, diagnostics, new Set(["condition", "timeframe"]));
  if (!detections) return { diagnostics };
  const conditionNode = (detectionNode.items.find((p) => isScalar(p.key) && p.key.value === "condition")?.value ?? undefined) as Node | undefined;
  const condition = readCondition(conditionNode, at, diagnostics, detectionNode);
  if (condition === undefined) return { diagnostics };
  return { document: { kind: "rule", ...meta, file: at.file, logsource, detections, condition: condition.text, conditionRange: condition.range, range: at.range(root) }, diagnostics };
}

function readCondition(node: Node | undefined, at: Locator, diagnostics: Diagnostic[], parent: unknown): { text: string; range: SourceRange } | undefined {
  if (node === undefined) {
    diagnostics.push(errorDiagnostic("sigma/invalid-rule", "The detection needs a `condition`", { range: at.range(parent as Node) }));
    return undefined;
  }
  if (isSeq(node)) {
    // Sigma v1 allowed a list of conditions (one query each); v2 keeps one expression.
    if (node.items.length === 1 && isScalar(node.items[0]) && typeof node.items[0].value === "string") return { text: node.items[0].value, range: at.range(node.items[0]) };
    diagnostics.push(errorDiagnostic("sigma/unsupported", "Several conditions in one rule (a Sigma v1 list) are not supported: split the rule, or join the conditions with `or`", { range: at.range(node) }));
    return undefined;
  }
  if (!isScalar(node) || typeof node.value !== "string") {
    diagnostics.push(errorDiagnostic("sigma/invalid-rule", "`condition` is a string", { range: at.range(node) }));
    return undefined;
  }
  return { text: node.value, range: at.range(node) };
}

function readMetadata(get: (key: string) => Node | undefined, title: string): SigmaMetadata {
  const optional = (key: string) => {
    const v = scalarString(get(key));
    return v === undefined ? {} : { [key]: v };
  };
  const regression = get("regression_tests_path");
  return {
    title,
    ...optional("id"), ...optional("name"), ...optional("status"), ...optional("description"), ...optional("license"),
    ...optional("author"), ...optional("date"), ...optional("modified"), ...optional("level"),
    references: stringList(get("references")),
    tags: stringList(get("tags")),
    falsepositives: stringList(get("falsepositives")),
    ...(scalarString(regression) !== undefined ? { regressionTestsPath: scalarString(regression)! } : {}),
  } as SigmaMetadata;
}

function readLogsource(node: Node | undefined): SigmaLogsource {
  if (!node || !isMap(node)) return {};
  const out: Record<string, string> = {};
  for (const p of node.items) {
    if (!isScalar(p.key)) continue;
    const key = String(p.key.value);
    const value = scalarString(p.value as Node);
    if ((key === "category" || key === "product" || key === "service") && value !== undefined) out[key] = value;
  }
  return out;
}

function scalarString(node: Node | undefined | null): string | undefined {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

function stringList(node: Node | undefined | null): string[] {
  if (!node) return [];
  if (isSeq(node)) return node.items.map((i) => scalarString(i as Node)).filter((s): s is string => s !== undefined && s !== "");
  const s = scalarString(node);
  return s === undefined || s === "" ? [] : [s];
}

/** The named detections of a `detection:` (or filter) mapping; keys in `skip` are not detections. */
function parseDetectionSection(node: Node, at: Locator, diagnostics: Diagnostic[], skip: ReadonlySet<string>): Map<string, SigmaDetectionGroup> | undefined {
  if (!isMap(node)) return undefined;
  const out = new Map<string, SigmaDetectionGroup>();
  let ok = true;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (skip.has(name)) continue;
    const group = parseDetection(pair.value as Node, at, diagnostics);
    if (group) out.set(name, group);
    else ok = false;
  }
  return ok ? out : undefined;
}

function parseDetection(node: Node | null, at: Locator, diagnostics: Diagnostic[]): SigmaDetectionGroup | undefined {
  if (node && isMap(node)) {
    const items: SigmaDetectionItem[] = [];
    for (const pair of node.items) {
      const item = parseItem(pair as Pair<Node, Node>, at, diagnostics);
      if (!item) return undefined;
      items.push(item);
    }
    return { kind: "and", items, range: at.range(node) };
  }
  if (node && isSeq(node)) {
    // A list of maps is OR of the maps; a list of plain values is a keyword search.
    if (node.items.every((i) => isScalar(i))) return { kind: "or", items: [{ kind: "item", modifiers: [], values: node.items.map((i) => scalarValue(i as Node)), range: at.range(node) }], range: at.range(node) };
    const items: SigmaDetectionGroup[] = [];
    for (const child of node.items) {
      const group = parseDetection(child as Node, at, diagnostics);
      if (!group) return undefined;
      items.push(group);
    }
    return { kind: "or", items, range: at.range(node) };
  }
  if (node && isScalar(node)) return { kind: "or", items: [{ kind: "item", modifiers: [], values: [scalarValue(node)], range: at.range(node) }], range: at.range(node) };
  diagnostics.push(errorDiagnostic("sigma/invalid-detection", "A detection is a mapping of fields to values, a list of such mappings, or a list of keywords", { range: at.range(node) }));
  return undefined;
}

function parseItem(pair: Pair<Node, Node>, at: Locator, diagnostics: Diagnostic[]): SigmaDetectionItem | undefined {
  if (!isScalar(pair.key)) {
    diagnostics.push(errorDiagnostic("sigma/invalid-detection", "A detection key is a field name with optional |modifiers", { range: at.range(pair.key) }));
    return undefined;
  }
  const key = String(pair.key.value);
  const [field = "", ...modifiers] = key.split("|");
  const keyRange = at.range(pair.key);
  const value = pair.value;
  let values: SigmaScalar[];
  if (value === null || (isScalar(value) && value.value === null)) values = [null];
  else if (isScalar(value)) values = [scalarValue(value)];
  else if (isSeq(value) && value.items.every((i) => isScalar(i))) values = value.items.map((i) => scalarValue(i as Node));
  else {
    diagnostics.push(errorDiagnostic("sigma/invalid-detection", `The value of \`${key}\` must be a scalar or a list of scalars`, { range: at.range(value) }));
    return undefined;
  }
  const range: SourceRange = { ...keyRange, end: at.range(value ?? pair.key).end };
  return { kind: "item", ...(field === "" ? {} : { field }), modifiers, values, range };
}

function scalarValue(node: Node): SigmaScalar {
  if (!isScalar(node)) return null;
  const v = node.value;
  if (v === null || v === undefined) return null;
  // `00000429` is a registry value or an event code to the rule's author, not 429: keep the written text.
  if (typeof v === "number" && typeof node.source === "string" && /^[-+]?0[0-9]/.test(node.source)) return node.source;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  return String(v);
}

function parseCorrelation(node: Node, meta: SigmaMetadata, at: Locator, diagnostics: Diagnostic[], root: Node): { document?: SigmaDocument; diagnostics: Diagnostic[] } {
  const fail = (message: string, where: unknown) => {
    diagnostics.push(errorDiagnostic("sigma/invalid-correlation", message, { range: at.range(where as Node) }));
    return { diagnostics };
  };
  if (!isMap(node)) return fail("`correlation` is a mapping", node);
  const get = (key: string) => (node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value ?? undefined) as Node | undefined;
  const type = scalarString(get("type"));
  if (type === undefined || !(CORRELATION_TYPES as readonly string[]).includes(type)) return fail(`Unknown correlation type "${type ?? ""}": expected one of ${CORRELATION_TYPES.join(", ")}`, get("type") ?? node);
  const rules = stringList(get("rules"));
  if (rules.length === 0) return fail("A correlation names the rules it correlates in `rules`", get("rules") ?? node);
  const timespan = scalarString(get("timespan") ?? get("timeframe"));
  if (timespan === undefined || !/^[1-9][0-9]*[smhdwMy]$/.test(timespan)) return fail("A correlation needs a `timespan` such as 5m, 1h or 2d", get("timespan") ?? node);
  const aliases = new Map<string, Map<string, string>>();
  const aliasNode = get("aliases");
  if (aliasNode && isMap(aliasNode)) {
    for (const pair of aliasNode.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const perRule = new Map<string, string>();
      for (const p of pair.value.items) if (isScalar(p.key) && scalarString(p.value as Node) !== undefined) perRule.set(String(p.key.value), scalarString(p.value as Node)!);
      aliases.set(String(pair.key.value), perRule);
    }
  }
  const conditionNode = get("condition");
  const condition = conditionNode && isMap(conditionNode)
    ? Object.fromEntries(conditionNode.items.filter((p) => isScalar(p.key)).map((p) => [String((p.key as { value: unknown }).value), scalarValue(p.value as Node)]))
    : undefined;
  return {
    document: { kind: "correlation", ...meta, file: at.file, type: type as CorrelationType, rules, groupBy: stringList(get("group-by")), timespan, aliases, ...(condition ? { condition } : {}), range: at.range(root) },
    diagnostics,
  };
}
