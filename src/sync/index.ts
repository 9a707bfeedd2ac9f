/**
 * sync: desired bodies vs live objects -> a Plan (pure data) -> applied through a
 * TargetAdapter with bounded concurrency, retries and safe ordering. Rendering
 * of plans lives in render/. The planner never does I/O; only live.ts and apply.ts do.
 */
export type * from "./target.ts";
