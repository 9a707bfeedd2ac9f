/**
 * diagnostics: located problems as values.
 * Input: whatever a stage found wrong. Output: `Diagnostic` values and, in
 * format.ts only, their text. Imports nothing from other stages; does no I/O.
 */
export * from "./source-range.ts";
export * from "./diagnostic.ts";
export * from "./format.ts";
