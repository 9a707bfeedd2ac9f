/**
 * loadEnvironments: environments.yaml -> validated Environments, with every
 * problem located at a line and column (the YAML CST keeps node offsets; a
 * LineCounter turns them into positions).
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { errorDiagnostic, fail, ok, rangeOf, type Diagnostic, type Result, type SourceRange } from "../diagnostics/index.ts";
import { environmentsFileSchema, type Environments } from "./environments-schema.ts";
import { deriveDefaultProjectName } from "./project-name.ts";

/** Keys that would hold a credential in the file itself. */
const INLINE_SECRET_KEYS = new Set(["password", "apikey", "api_key", "token", "secret", "passwd", "bearer"]);

function rangeOfNode(text: string, file: string, node: { range?: [number, number, number] | null } | null | undefined): SourceRange | undefined {
  if (!node?.range) return undefined;
  return rangeOf(text, node.range[0], node.range[1], file);
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The key node of `key` inside the map at `path`, or the deepest node on the way. */
function locatePath(doc: Document, path: readonly PropertyKey[], key?: string): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of [...path, ...(key !== undefined ? [key] : [])]) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => keyText(p) === String(segment));
    if (!pair) break;
    node = segment === key ? pair.key : pair.value;
  }
  return (node ?? undefined) as Node | undefined;
}

function findInlineSecrets(doc: Document, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key === undefined) continue;
      if (INLINE_SECRET_KEYS.has(key.toLowerCase())) {
        const range = rangeOfNode(text, file, pair.key as Node);
        // The value is never echoed: the point of the error is that it should not be here.
        out.push(
          errorDiagnostic("config/inline-secret", `Inline secret "${[...path, key].join(".")}" is not allowed: name the environment variable that holds it instead`, {
            ...(range ? { range } : { file }),
            path: [...path, key],
            notes: [key.toLowerCase() === "password" ? 'write auth: { basic: { usernameEnv: DAC_USER, passwordEnv: DAC_PASSWORD } }' : "write auth: { apiKeyEnv: DAC_API_KEY }"],
          }),
        );
      } else {
        visit(pair.value, [...path, key]);
      }
    }
  };
  visit(doc.contents, []);
  out.push(...findUrlCredentials(doc, text, file));
  return out;
}

/** `url: https://user:password@host`: a credential in the file all the same. */
function findUrlCredentials(doc: Document, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const envs = locatePath(doc, ["environments"]);
  if (!isMap(envs)) return out;
  for (const env of envs.items) {
    if (!isMap(env.value)) continue;
    for (const pair of env.value.items) {
      const key = keyText(pair);
      if ((key !== "url" && key !== "kibanaUrl") || !isScalar(pair.value) || typeof pair.value.value !== "string") continue;
      let password = "";
      try {
        password = new URL(pair.value.value).password;
      } catch {
        continue; // not a URL: the schema says so
      }
      if (password === "") continue;
      const path = ["environments", keyText(env) ?? "?", key];
      const range = rangeOfNode(text, file, pair.key as Node);
      out.push(
        errorDiagnostic("config/inline-secret", `Inline secret in "${path.join(".")}": the URL carries a password`, {
          ...(range ? { range } : { file }),
          path,
          notes: ["write the URL without user:password@ and auth: { basic: { usernameEnv: DAC_USER, passwordEnv: DAC_PASSWORD } }"],
        }),
      );
    }
  }
  return out;
}

/**
 * Parses and validates environments.yaml text; `file` is used in diagnostics
 * and, when the text has no `project:` and no `defaultProject` is given, to
 * find the repository whose default project name applies (project-name.ts).
 */
export function parseEnvironments(text: string, file: string, defaultProject?: string): Result<Environments> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) =>
    errorDiagnostic("config/yaml-syntax", e.message.split("\n")[0] ?? e.message, { range: rangeOf(text, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1), file) }),
  );
  if (syntax.length > 0) return fail(syntax);

  const secrets = findInlineSecrets(doc, text, file);
  const secretKeys = new Set(secrets.map((d) => d.path?.at(-1)));
  const parsed = environmentsFileSchema.safeParse(doc.toJS());
  const issues = parsed.success ? [] : parsed.error.issues;
  const schema: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.filter((k) => !secretKeys.has(k))) {
        const range = rangeOfNode(text, file, locatePath(doc, path, key));
        schema.push(errorDiagnostic("config/schema", `Unknown key "${key}"`, { ...(range ? { range } : { file }), path: [...path, key] }));
      }
      continue;
    }
    // An auth union failure over an inline secret is the same problem, already reported.
    if (secrets.length > 0 && path.includes("auth")) continue;
    const range = rangeOfNode(text, file, locatePath(doc, path));
    schema.push(errorDiagnostic("config/schema", issue.message, { ...(range ? { range } : { file }), path }));
  }
  const diagnostics = [...secrets, ...schema];
  if (diagnostics.length > 0 || !parsed.success) return fail(diagnostics);
  return ok({ ...parsed.data, project: parsed.data.project ?? defaultProject ?? deriveDefaultProjectName(dirname(file)) });
}

/**
 * Where a value sits in environments.yaml text, by path
 * (`["environments", "prod", "exceptionValues", "adminSourceIps", 1]`), for
 * problems found after loading (a value that is not a CIDR where an exception
 * needs one). Aliases (`*test-values`) are followed to their anchor.
 */
export function locateInEnvironments(text: string, file: string, path: readonly (string | number)[]): SourceRange | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter, prettyErrors: false });
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) node = node.items.find((p) => keyText(p) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
    else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  const offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const range = (node as Node).range;
  return range ? rangeOf(text, range[0] + offset, range[1] + offset, file) : undefined;
}

/** Reads and validates an environments.yaml file. A missing file is a diagnostic, not a throw. */
export function loadEnvironments(file: string): Result<Environments> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return fail([errorDiagnostic("config/not-found", `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file })]);
  }
  return parseEnvironments(text, file);
}
