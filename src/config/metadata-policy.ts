/**
 * The metadata policy: whether a detection must carry replay tests, false
 * positives, an investigation guide and an ATT&CK mapping. Each item is
 * `required` (missing is an error), `warn` (a warning; `dac validate --strict`
 * makes it an error) or `off`. Set project-wide and per pack (by `definePack`
 * name) under `metadataPolicy:` in environments.yaml, or under
 * `"dac": { "metadataPolicy": ... }` in package.json when there is no
 * environments.yaml policy. Unset items fall back by pack origin: `required`
 * for hand-written packs, `warn` for packs written by `dac import`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { errorDiagnostic, fail, ok, type Result } from "../diagnostics/index.ts";

export const METADATA_ITEMS = ["tests", "falsePositives", "guide", "mitre"] as const;
export type MetadataItem = (typeof METADATA_ITEMS)[number];
export const METADATA_LEVELS = ["required", "warn", "off"] as const;
export type MetadataLevel = (typeof METADATA_LEVELS)[number];

const level = z.enum(METADATA_LEVELS);
const itemsSchema = z.strictObject({ tests: level.optional(), falsePositives: level.optional(), guide: level.optional(), mitre: level.optional() });

export const metadataPolicySchema = itemsSchema.extend({
  /** Per pack, by the `name` its definePack gives; wins over the project-wide items. */
  packs: z.record(z.string().min(1), itemsSchema).default({}),
});

export type MetadataPolicyItems = z.output<typeof itemsSchema>;
export type MetadataPolicy = z.output<typeof metadataPolicySchema>;

/** The policy when none is configured: every item falls back to its origin default. */
export const EMPTY_METADATA_POLICY: MetadataPolicy = { packs: {} };

/** The level of every item for one pack: its own setting, else the project's, else the origin default. */
export function resolveMetadataLevels(policy: MetadataPolicy, pack: { readonly name: string; readonly imported: boolean } | undefined): Readonly<Record<MetadataItem, MetadataLevel>> {
  const own = pack ? policy.packs[pack.name] : undefined;
  const fallback: MetadataLevel = pack?.imported ? "warn" : "required";
  const levels = {} as Record<MetadataItem, MetadataLevel>;
  for (const item of METADATA_ITEMS) levels[item] = own?.[item] ?? policy[item] ?? fallback;
  return levels;
}

/** `"dac": { "metadataPolicy": ... }` from the package.json in `dir`; undefined when there is none. */
export function readPackageJsonMetadataPolicy(dir: string): Result<MetadataPolicy | undefined> {
  const file = resolve(dir, "package.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // No readable package.json: no policy there, the defaults apply.
    return ok(undefined);
  }
  const section = (json as { dac?: { metadataPolicy?: unknown } } | null)?.dac?.metadataPolicy;
  if (section === undefined) return ok(undefined);
  const parsed = metadataPolicySchema.safeParse(section);
  if (parsed.success) return ok(parsed.data);
  return fail(parsed.error.issues.map((issue) => errorDiagnostic("config/schema", issue.message, { file, path: ["dac", "metadataPolicy", ...issue.path.filter((p): p is string | number => typeof p !== "symbol")] })));
}
