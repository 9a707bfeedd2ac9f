import { z } from "zod";
import { errorDiagnostic, fail, ok, type Result } from "../diagnostics/index.ts";
import { PLAN_FORMAT_VERSION, type Plan } from "./plan-model.ts";

/** What `dac plan --out` writes and `dac deploy --plan` reads: one Plan per target of an environment. */
export interface PlanFile {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly environment: string;
  readonly plans: readonly Plan[];
}

const json: z.ZodType = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]));
const jsonObject = z.record(z.string(), json);

const changeSchema = z.object({
  kind: z.enum(["create", "update", "delete", "noop"]),
  id: z.string(),
  name: z.string(),
  before: jsonObject.optional(),
  after: jsonObject.optional(),
  fieldChanges: z
    .array(z.object({ path: z.string(), op: z.enum(["add", "remove", "change"]), before: json.optional(), after: json.optional() }))
    .optional(),
  drift: z.boolean(),
  pruned: z.boolean().optional(),
  remoteId: z.string().optional(),
  desiredHash: z.string().optional(),
  liveHash: z.string().optional(),
  reason: z.string(),
});

const count = z.number().int().nonnegative();
const planSchema = z.object({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  target: z.object({ kind: z.enum(["opensearch", "elastic"]), location: z.string() }),
  liveFingerprint: z.string(),
  prune: z.boolean(),
  changes: z.array(changeSchema),
  summary: z.object({ create: count, update: count, delete: count, orphaned: count, noop: count, drift: count, unmanaged: count, otherProjects: count.optional() }),
});

const planFileSchema = z.object({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  environment: z.string(),
  plans: z.array(planSchema),
});

export function renderPlanFile(file: PlanFile): string {
  return JSON.stringify(file, null, 2) + "\n";
}

/** Parses a saved plan; problems come back as `plan/invalid-file` diagnostics naming the field path. */
export function parsePlanFile(text: string, file: string): Result<PlanFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail([errorDiagnostic("plan/invalid-file", `not JSON: ${err instanceof Error ? err.message : String(err)}`, { file })]);
  }
  const parsed = planFileSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((issue) =>
        errorDiagnostic("plan/invalid-file", issue.message, { file, path: issue.path.filter((p): p is string | number => typeof p !== "symbol") }),
      ),
    );
  }
  return ok(parsed.data as PlanFile);
}
