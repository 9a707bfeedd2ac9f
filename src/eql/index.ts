/**
 * eql: the Elastic EQL dialect. Query text -> typed AST (parse), AST -> problems
 * against a field schema (check), AST -> canonical text (format), AST + events ->
 * matches (evaluate). No network, no file I/O except where a function says so.
 */
export type * from "./ast.ts";
