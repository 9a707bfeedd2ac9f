/**
 * eql: the Elastic EQL dialect. Query text -> typed AST (parse), AST -> problems
 * against a field schema (check), AST -> canonical text (format), AST + events ->
 * matches (evaluate). No network, no file I/O except where a function says so.
 */
export type * from "./ast.ts";
export { parseEql } from "./parser.ts";
export { tokenizeEql, KEYWORDS, type Token, type TokenKind } from "./lexer.ts";
export { FUNCTIONS, FUNCTION_NAMES, resolveFunctionName, argSpecAt, type FunctionSpec, type ArgSpec, type ArgKind, type ResultKind } from "./functions.ts";
export { suggestClosest, computeEditDistance } from "./suggest.ts";
export { formatEql, formatExpr, formatString, stripRanges, astEquals } from "./format.ts";
export * from "./engine/index.ts";
export { checkEql } from "./check.ts";
export { ecsFieldSchema, customFieldSchema, defaultFieldSchema, windowsFieldSchema, lookupFieldType, type FieldSchema } from "./schema.ts";
export { parseIndexMapping, mappingFieldSchema, MappingError, type IndexMapping, type MappedField } from "./mapping.ts";
