import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { formatDiagnostics, hasErrors, type Diagnostic } from "../../diagnostics/index.ts";
import {
  checkEql, customFieldSchema, defaultFieldSchema, formatEql, parseEql, type FieldSchema,
} from "../../eql/index.ts";
import { registerEqlSearchCommand } from "./eql-search.ts";

interface CheckFlags {
  queries?: string;
  schema: string;
  customFields?: string;
}

interface FormatFlags {
  queries?: string;
}

/** What one query came to: problems (text with caret excerpts) or, for format, the canonical text. */
interface QueryOutcome {
  readonly id: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly formatted?: string;
}

class UsageError extends Error {}

/** Diagnostics as text, located in a pseudo-file named after the query so the caret excerpt shows. */
function describe(name: string, text: string, diagnostics: readonly Diagnostic[]): string {
  const located = diagnostics.map((d) => (d.range ? { ...d, range: { ...d.range, file: name } } : d));
  return formatDiagnostics(located, new Map([[name, text]]));
}

function checkQuery(id: string, text: string, schema: FieldSchema | undefined): QueryOutcome {
  const parsed = parseEql(text);
  if (!parsed.ok) return { id, ok: false, error: describe(id, text, parsed.diagnostics) };
  const problems = checkEql(parsed.value, schema);
  return hasErrors(problems) ? { id, ok: false, error: describe(id, text, problems) } : { id, ok: true };
}

function formatQuery(id: string, text: string): QueryOutcome {
  const parsed = parseEql(text);
  if (!parsed.ok) return { id, ok: false, error: describe(id, text, parsed.diagnostics) };
  return { id, ok: true, formatted: formatEql(parsed.value) };
}

/** `{"id","query"}` per line; a bad line becomes a failed outcome naming file:line:column. */
function readQueries(file: string): Array<{ id: string; text: string } | QueryOutcome> {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read --queries file ${file}: ${(err as Error).message}`);
  }
  const rows: Array<{ id: string; text: string } | QueryOutcome> = [];
  content.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${file}:${i + 1}:1`;
    let row: { id?: unknown; query?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (err) {
      rows.push({ id: String(i + 1), ok: false, error: `${where} invalid JSON: ${(err as Error).message}` });
      return;
    }
    const id = row.id === undefined ? String(i + 1) : String(row.id);
    if (typeof row.query !== "string") rows.push({ id, ok: false, error: `${where} "query" must be a string` });
    else rows.push({ id, text: row.query });
  });
  return rows;
}

function loadCustomFields(file: string | undefined): Record<string, string> {
  if (file === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read --custom-fields ${file}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${file}: expected a JSON object of field name -> Elasticsearch type, e.g. {"winlog.event_data.Foo": "keyword"}`);
  }
  for (const [name, type] of Object.entries(value)) {
    if (typeof type !== "string") throw new UsageError(`${file}: the type of field [${name}] must be a string such as "keyword"`);
  }
  return value as Record<string, string>;
}

function selectSchema(flags: CheckFlags): FieldSchema | undefined {
  const custom = loadCustomFields(flags.customFields);
  if (flags.schema === "ecs") return defaultFieldSchema(custom);
  if (flags.schema === "none") return Object.keys(custom).length > 0 ? customFieldSchema(custom) : undefined;
  throw new UsageError(`--schema must be [ecs] or [none], found [${flags.schema}]`);
}

/** Runs one command over the query argument or the --queries file, and sets the exit code. */
function run(query: string | undefined, queriesFile: string | undefined, evaluate: (id: string, text: string) => QueryOutcome): void {
  if ((query === undefined) === (queriesFile === undefined)) throw new UsageError("give either a query argument or --queries FILE, not both or neither");
  if (query !== undefined) {
    const outcome = evaluate("<query>", query);
    if (outcome.ok) process.stdout.write(`${outcome.formatted ?? "ok"}\n`);
    else process.stderr.write(`${outcome.error}\n`);
    process.exitCode = outcome.ok ? 0 : 1;
    return;
  }
  let failed = false;
  for (const row of readQueries(queriesFile!)) {
    const outcome = "text" in row ? evaluate(row.id, row.text) : row;
    failed ||= !outcome.ok;
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  }
  process.exitCode = failed ? 1 : 0;
}

function guard(action: () => void): void {
  try {
    action();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`dac eql: ${err.message}\n`);
    process.exitCode = 1;
  }
}

/** Registers `dac eql` with `check`, `format` and (from eql-search.ts) `search`. */
export function registerEqlCommand(program: Command): void {
  const eql = program.command("eql").description("Work with EQL queries: check them as Elasticsearch would, format them, search events in memory");

  eql
    .command("check")
    .description("Parse and validate EQL (syntax, fields, types) as Elasticsearch's _eql/search would; exit 1 on any problem")
    .argument("[query]", "the EQL query (or use --queries)")
    .option("--queries <file>", 'JSONL of {"id","query"}: prints one {"id","ok","error"?} line per query')
    .option("--schema <schema>", "field schema: ecs (ECS plus common winlog fields) or none (syntax and type rules only)", "ecs")
    .option("--custom-fields <file>", 'JSON object of extra fields, e.g. {"winlog.event_data.Foo": "keyword"}')
    .action((query: string | undefined, flags: CheckFlags) =>
      guard(() => {
        const schema = selectSchema(flags);
        run(query, flags.queries, (id, text) => checkQuery(id, text, schema));
      }),
    );

  eql
    .command("format")
    .description("Print EQL in the canonical layout; exit 1 with a located error if it does not parse")
    .argument("[query]", "the EQL query (or use --queries)")
    .option("--queries <file>", 'JSONL of {"id","query"}: prints one {"id","ok","error"?,"formatted"?} line per query')
    .action((query: string | undefined, flags: FormatFlags) => guard(() => run(query, flags.queries, formatQuery)));

  registerEqlSearchCommand(eql);
}
