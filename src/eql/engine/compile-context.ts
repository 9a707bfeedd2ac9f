/**
 * Shared state while compiling one query: problems found (bad regex, bad
 * CIDR, unsupported function) become located diagnostics instead of throws,
 * and field readers are shared between expressions that use the same field.
 */
import { errorDiagnostic, type Diagnostic, type SourceRange } from "../../diagnostics/index.ts";
import { compileFieldReader, type FieldReader } from "./field-access.ts";

export class CompileContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly readers = new Map<string, FieldReader>();

  readerFor(path: readonly string[]): FieldReader {
    const key = path.join("\u0000");
    let reader = this.readers.get(key);
    if (!reader) {
      reader = compileFieldReader(path);
      this.readers.set(key, reader);
    }
    return reader;
  }

  /** Reader for a dotted option value such as `event.category` (split on dots). */
  readerForName(name: string): FieldReader {
    return this.readerFor(name.split("."));
  }

  error(code: string, message: string, range: SourceRange): void {
    this.diagnostics.push(errorDiagnostic(code, message, { range }));
  }
}
