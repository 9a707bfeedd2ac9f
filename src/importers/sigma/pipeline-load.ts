/**
 * Loads processing pipelines: a built-in one by name (`ecs-windows`,
 * `elastic-defend`) or a user's YAML file, each checked against the schema
 * with errors located in the file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, parseDocument, type Node } from "yaml";
import { errorDiagnostic, fail, ok, rangeOf, type Result } from "../../diagnostics/index.ts";
import { pipelineSchema, type Pipeline } from "./pipeline-schema.ts";

const BUILTIN_DIR = fileURLToPath(new URL("./pipelines/", import.meta.url));

export const DEFAULT_PIPELINE = "ecs-windows";

export function listBuiltinPipelines(): string[] {
  return readdirSync(BUILTIN_DIR).filter((f) => f.endsWith(".yml")).map((f) => f.slice(0, -4)).sort();
}

/** `name` is a built-in pipeline's name or a path to a YAML file. */
export function loadPipeline(name: string): Result<Pipeline> {
  const builtin = `${BUILTIN_DIR}${name}.yml`;
  const file = /^[a-z0-9-]+$/.test(name) && existsSync(builtin) ? builtin : name;
  if (!existsSync(file)) return fail([errorDiagnostic("sigma/unknown-pipeline", `No pipeline "${name}": built-in ones are ${listBuiltinPipelines().join(", ")}; anything else is a YAML file path`)]);
  const text = readFileSync(file, "utf8");
  return parsePipeline(text, file);
}

export function parsePipeline(text: string, file: string): Result<Pipeline> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return fail(doc.errors.map((e) => errorDiagnostic("sigma/pipeline-yaml", `Invalid YAML: ${e.message.split("\n")[0]}`, { range: rangeOf(text, e.pos[0], e.pos[1], file) })));
  const parsed = pipelineSchema.safeParse(doc.toJS());
  if (parsed.success) return ok(parsed.data);
  return fail(parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const node = nodeAt(doc.contents as Node | null, path);
    const r = node?.range;
    return errorDiagnostic("sigma/pipeline-schema", issue.message, { ...(r ? { range: rangeOf(text, r[0], r[1], file) } : { file }), path });
  }));
}

function nodeAt(root: Node | null, path: readonly (string | number)[]): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (node && isMap(node)) node = (node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)?.value ?? null) as Node | null;
    else if (node && isSeq(node) && typeof key === "number") node = (node.items[key] ?? null) as Node | null;
    else return node;
  }
  return node;
}
