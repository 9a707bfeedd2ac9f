/**
 * Shared state while compiling one query: problems found (bad regex, bad
 * CIDR, unsupported function) become located diagnostics instead of throws,
 * and field readers are shared between expressions that use the same field.
 */
import { errorDiagnostic, type Diagnostic, type SourceRange } from "../../diagnostics/index.ts";
import type { IndexMapping } from "../mapping.ts";
import { compileFieldReader, type FieldReader } from "./field-access.ts";
import { semanticsOf } from "./field-types.ts";

export class CompileContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly readers = new Map<string, FieldReader>();

  /** With a mapping, mapped fields read their indexed values; others keep inference (dynamic mapping). */
  constructor(readonly mapping?: IndexMapping) {}

  readerFor(path: readonly string[]): FieldReader {
    const key = path.join("\u0000");
    let reader = this.readers.get(key);
    if (!reader) {
      reader = this.compileReader(path);
      this.readers.set(key, reader);
    }
    return reader;
  }

  private compileReader(path: readonly string[]): FieldReader {
    const name = path.join(".");
    let field = this.mapping?.fields.get(name);
    if (!field) return compileFieldReader(path);
    // A text field matches exactly through its keyword sub-field (ES's exact attribute).
    if (field.exactSubField !== undefined) field = this.mapping?.fields.get(field.exactSubField) ?? field;
    return compileFieldReader(
      field.sourcePath,
      {
        semantics: semanticsOf(field),
        ...(field.nullValue === undefined ? {} : { nullValue: field.nullValue }),
        ...(field.constantValue === undefined ? {} : { constantValue: field.constantValue }),
      },
      name,
    );
  }

  /** Reader for a dotted option value such as `event.category` (split on dots). */
  readerForName(name: string): FieldReader {
    return this.readerFor(name.split("."));
  }

  error(code: string, message: string, range: SourceRange): void {
    this.diagnostics.push(errorDiagnostic(code, message, { range }));
  }
}
