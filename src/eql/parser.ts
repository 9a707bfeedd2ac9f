/**
 * EQL query text -> typed AST (src/eql/ast.ts), or located diagnostics.
 * Query forms: event queries, `sequence` (by, maxspan, runs, `![…]`, until),
 * `sample`, and the `| head N` / `| tail N` pipes. `join` and the other pipes
 * are parsed in full and then refused, so every refusal is reported at once.
 */
import { fail, ok, type Result } from "../diagnostics/index.ts";
import type { Duration, DurationUnit, EventFilter, EventQuery, Expr, Pipe, Query, SampleQuery, SampleStage, SequenceQuery, SequenceStage } from "./ast.ts";
import { EqlSyntaxError, TokenStream } from "./grammar-stream.ts";
import { parseExpression } from "./grammar-expr.ts";
import { formatSuggestion, suggestClosest } from "./suggest.ts";

const UNIT_MILLIS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNSUPPORTED_PIPES: ReadonlySet<string> = new Set(["count", "unique", "unique_count", "filter", "sort"]);

/** Parses one EQL query. Ranges are relative to `text` (line/column from 1, offset from 0). */
export function parseEql(text: string): Result<Query> {
  const s = new TokenStream(text);
  try {
    const query = parseStatement(s);
    return s.rejections.length > 0 ? fail(s.rejections) : ok(query);
  } catch (err) {
    if (err instanceof EqlSyntaxError) return fail([...s.rejections, err.diagnostic]);
    throw err;
  }
}

function parseStatement(s: TokenStream): Query {
  const mark = s.mark();
  let query: Query;
  let expected: string;
  if (s.at("sequence")) {
    query = parseSequence(s);
    expected = "a stage [[…]], [until], [|] or end of input";
  } else if (s.at("sample")) {
    query = parseSample(s);
    expected = "a stage [[…]], [|] or end of input";
  } else if (s.at("join")) {
    query = parseJoin(s);
    expected = "a stage [[…]], [until], [|] or end of input";
  } else {
    const filter = parseEventFilter(s);
    query = { kind: "event", filter, pipes: [], range: filter.range };
    expected = "an operator, [|] or end of input";
  }
  const pipes = parsePipes(s);
  if (s.peek().kind !== "eof") s.failExpected(expected);
  return pipes.length === 0 ? query : ({ ...query, pipes, range: s.rangeFrom(mark) } as Query);
}

function parseEventFilter(s: TokenStream): EventFilter {
  const mark = s.mark();
  const tok = s.peek();
  let category: string | null;
  if (tok.kind === "keyword" && tok.text === "any") category = null;
  else if ((tok.kind === "ident" && !tok.tilde) || tok.kind === "string") category = tok.value as string;
  else return s.failExpected("an event category (a name, a string or [any])");
  s.next();
  const categoryRange = s.tokenRange(tok);
  s.expect("where", "[where] after the event category");
  const condition = parseExpression(s);
  return { kind: "filter", category, categoryRange, condition, range: s.rangeFrom(mark) };
}

function parseKeys(s: TokenStream): Expr[] {
  const keys = [parseExpression(s)];
  while (s.eat(",")) keys.push(parseExpression(s));
  return keys;
}

function parseSequence(s: TokenStream): SequenceQuery {
  const mark = s.mark();
  s.next();
  const keys = s.eat("by") ? parseKeys(s) : [];
  let maxspan: Duration | null = null;
  if (s.at("with")) {
    maxspan = parseMaxspan(s);
    if (s.at("by")) s.fail(s.peek(), "Please specify sequence [by] before [with] not after");
  }
  const stages: SequenceStage[] = [];
  while (s.at("[") || s.at("![")) stages.push(parseStage(s));
  if (stages.length === 0) s.failExpected(maxspan || keys.length > 0 ? "a sequence stage [[…]]" : "[by], [with] or a sequence stage [[…]]");
  const until = s.eat("until") ? parseStage(s) : null;
  return { kind: "sequence", keys, maxspan, stages, until, pipes: [], range: s.rangeFrom(mark) };
}

function parseMaxspan(s: TokenStream): Duration {
  s.next();
  if (!s.at("maxspan")) {
    if (s.peek().kind === "ident" && s.peek().text === "runs") {
      s.fail(s.peek(), "[runs] belongs to a stage: write it after the stage, as in [[process where …] with runs=2]");
    }
    s.failExpected("[maxspan] after [with]");
  }
  const mark = s.mark();
  s.next();
  s.expect("=", "[=] after [maxspan]");
  const num = s.peek();
  if (num.overflow) s.fail(num, `Time interval [${num.text}] is too large`, "eql/maxspan");
  if (num.kind === "double") s.fail(num, `Decimal time interval [${num.text}] not supported`, "eql/maxspan");
  if (num.kind !== "long") s.failExpected("a time interval such as [5m] after [maxspan=]");
  s.next();
  const unitTok = s.peek();
  if (unitTok.kind !== "ident" || unitTok.tilde) {
    s.fail(num, `No time unit specified, did you mean [s] as in [${num.text}s]?`, "eql/maxspan");
  }
  const unit = unitTok.text;
  if (!(unit in UNIT_MILLIS)) {
    s.fail(unitTok, `Unrecognized time unit [${unit}] in [${num.text}${unit}], please specify one of [ms, s, m, h, d]`, "eql/maxspan");
  }
  s.next();
  const value = num.value as number;
  if (value <= 0) s.fail(num, `maxspan must be a positive integer, found [${num.text}${unit}]`, "eql/maxspan");
  const u = unit as DurationUnit;
  return { kind: "duration", value, unit: u, millis: value * UNIT_MILLIS[u], range: s.rangeFrom(mark) };
}

function parseStage(s: TokenStream): SequenceStage {
  const mark = s.mark();
  const missing = s.at("![");
  if (!s.eat("[") && !s.eat("![")) s.failExpected("a sequence stage [[…]] or [![…]]");
  const filter = parseEventFilter(s);
  s.expect("]", "[]] to close the stage");
  const keys = s.eat("by") ? parseKeys(s) : [];
  let runs = 1;
  let runsWritten = false;
  if (s.at("with")) {
    s.next();
    const param = s.peek();
    if (param.kind === "keyword" && param.text === "maxspan") {
      s.fail(param, "[maxspan] belongs to the sequence: write it as [sequence by … with maxspan=…] before the first stage");
    }
    if (param.kind !== "ident" || param.text !== "runs") s.failExpected("[runs] after [with]");
    s.next();
    s.expect("=", "[=] after [runs]");
    const num = s.peek();
    if (num.kind !== "long") s.failExpected("an integer after [runs=]");
    s.next();
    runs = num.overflow ? Number.MAX_SAFE_INTEGER : (num.value as number);
    runsWritten = true;
  }
  return { kind: "stage", filter, keys, runs, runsWritten, missing, range: s.rangeFrom(mark) };
}

function parseSample(s: TokenStream): SampleQuery {
  const mark = s.mark();
  s.next();
  const keys = s.eat("by") ? parseKeys(s) : [];
  const stages: SampleStage[] = [];
  for (;;) {
    if (s.at("![")) s.fail(s.peek(), "[sample] does not support missing events [![…]]", "eql/sample-restriction");
    if (s.at("with") || s.at("until")) {
      s.fail(s.peek(), `[sample] does not support [${s.peek().text}] (no maxspan, runs or until)`, "eql/sample-restriction");
    }
    const stageMark = s.mark();
    if (!s.eat("[")) break;
    const filter = parseEventFilter(s);
    s.expect("]", "[]] to close the stage");
    const stageKeys = s.eat("by") ? parseKeys(s) : [];
    stages.push({ kind: "sample-stage", filter, keys: stageKeys, range: s.rangeFrom(stageMark) });
  }
  if (stages.length === 0) s.failExpected(keys.length > 0 ? "a sample stage [[…]]" : "[by] or a sample stage [[…]]");
  return { kind: "sample", keys, stages, pipes: [], range: s.rangeFrom(mark) };
}

/** `join` is Endgame-only: parse it fully for a precise error, then refuse it. */
function parseJoin(s: TokenStream): EventQuery {
  const joinTok = s.next();
  if (s.eat("by")) parseKeys(s);
  const filters: EventFilter[] = [];
  const term = (): void => {
    s.expect("[", "a join stage [[…]]");
    filters.push(parseEventFilter(s));
    s.expect("]", "[]] to close the stage");
    if (s.eat("by")) parseKeys(s);
  };
  term();
  while (s.at("[")) term();
  if (s.eat("until")) term();
  s.reject(s.tokenRange(joinTok), "eql/unsupported-join", "Queries using [join] are not supported; use a [sequence] instead");
  const filter = filters[0]!;
  return { kind: "event", filter, pipes: [], range: filter.range };
}

function parsePipes(s: TokenStream): Pipe[] {
  const pipes: Pipe[] = [];
  while (s.at("|")) {
    const mark = s.mark();
    s.next();
    const nameTok = s.peek();
    if (nameTok.kind !== "ident" || nameTok.tilde) s.failExpected("a pipe name such as [head] or [tail]");
    s.next();
    const name = nameTok.text;
    if (name === "head" || name === "tail") {
      const arg = s.peek();
      if (arg.kind !== "long" || arg.overflow) {
        const found = arg.kind === "eof" || s.at("|") ? "" : `, found ${s.describe(arg)}`;
        s.fail(arg.kind === "eof" ? nameTok : arg, `Pipe [${name}] expects a positive integer${found}`, "eql/pipe-argument");
      }
      s.next();
      pipes.push({ kind: name, count: arg.value as number, range: s.rangeFrom(mark) });
      continue;
    }
    if (!s.at("|") && s.peek().kind !== "eof") parseKeys(s);
    const nameRange = s.tokenRange(nameTok);
    if (UNSUPPORTED_PIPES.has(name)) s.reject(nameRange, "eql/unsupported-pipe", `Pipe [${name}] is not supported`);
    else {
      const hint = formatSuggestion(suggestClosest(name, ["head", "tail"], 1));
      s.reject(nameRange, "eql/unknown-pipe", `Unrecognized pipe [${name}]${hint}`);
    }
  }
  return pipes;
}
