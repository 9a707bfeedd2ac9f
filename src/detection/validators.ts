/**
 * Pack validators, in one explicit list. Each returns located diagnostics with
 * a stable code. Schema problems (`detection/schema`, `detection/unknown-mitre`,
 * `detection/import-failed`) are found while loading; these run on the loaded pack.
 * The EQL check is injected (`checkQuery`) because eql/ is a later stage that
 * detection/ must not import; the CLI wires in `checkEql`.
 */
import { existsSync } from "node:fs";
import { errorDiagnostic, shiftRange, type Diagnostic } from "../diagnostics/index.ts";
import type { MetadataPolicy } from "../config/index.ts";
import { isKnownField } from "./fields.ts";
import { checkMetadataPolicy, METADATA_CODES } from "./metadata-validators.ts";
import type { Detection } from "./model.ts";
import { locateInPack, type LoadedPack } from "./pack.ts";
import { mapQueryRange } from "./source-locate.ts";

export interface ValidationContext {
  /** Checks a query; returned ranges are relative to the query text (no file). */
  readonly checkQuery?: (query: string, customFields: Readonly<Record<string, string>>) => readonly Diagnostic[];
  /** Which metadata detections must carry (default: required for hand-written packs, warn for imported ones). */
  readonly metadataPolicy?: MetadataPolicy;
}

export interface PackValidator {
  /** The diagnostic code(s) it emits, for docs and filters. */
  readonly codes: readonly string[];
  readonly run: (pack: LoadedPack, context: ValidationContext) => Diagnostic[];
}

const duplicateIds: PackValidator = {
  codes: ["detection/duplicate-id"],
  run(pack) {
    const byId = new Map<string, Detection[]>();
    for (const d of pack.detections) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
    const out: Diagnostic[] = [];
    for (const [id, group] of byId) {
      if (group.length < 2) continue;
      const files = group.map((d) => d.source.file);
      for (const d of group) {
        out.push(errorDiagnostic("detection/duplicate-id", `Detection id "${id}" is defined ${group.length} times: ${files.join(", ")}`, { ...locateInPack(pack, d, ["id"]), ruleId: id }));
      }
    }
    return out;
  },
};

const metadataPolicy: PackValidator = {
  codes: METADATA_CODES,
  run: (pack, context) => checkMetadataPolicy(pack, context.metadataPolicy),
};

const fixturesExist: PackValidator = {
  codes: ["detection/fixture-missing"],
  run(pack) {
    const out: Diagnostic[] = [];
    for (const d of pack.detections) {
      d.tests.forEach((t, i) => {
        if (!existsSync(t.fixture)) {
          out.push(errorDiagnostic("detection/fixture-missing", `Test "${t.name}" of "${d.id}" reads ${t.fixture}, which does not exist`, { ...locateInPack(pack, d, ["tests", i, "fixture"]), ruleId: d.id }));
        }
      });
    }
    return out;
  },
};

const knownExceptions: PackValidator = {
  codes: ["detection/unknown-exception", "detection/duplicate-exception"],
  run(pack) {
    const names = new Map<string, number>();
    for (const e of pack.exceptions) names.set(e.name, (names.get(e.name) ?? 0) + 1);
    const out: Diagnostic[] = [];
    for (const e of pack.exceptions) {
      if ((names.get(e.name) ?? 0) > 1) out.push(errorDiagnostic("detection/duplicate-exception", `Exception "${e.name}" is defined more than once`, locateInPack(pack, e, ["name"])));
    }
    for (const d of pack.detections) {
      d.exceptionNames.forEach((name, i) => {
        if (!names.has(name)) {
          const known = [...names.keys()].join(", ") || "none";
          out.push(errorDiagnostic("detection/unknown-exception", `Detection "${d.id}" names exception "${name}", which the pack does not define`, { ...locateInPack(pack, d, ["exceptions", i]), ruleId: d.id, notes: [`defined exceptions: ${known}`] }));
        }
      });
    }
    return out;
  },
};

const knownFields: PackValidator = {
  codes: ["detection/unknown-field"],
  run(pack) {
    const out: Diagnostic[] = [];
    for (const d of pack.detections) {
      if (!isKnownField(d.entityField, pack.customFields)) {
        out.push(errorDiagnostic("detection/unknown-field", `entityField "${d.entityField}" is not an ECS, Windows or pack-declared field`, { ...locateInPack(pack, d, ["entityField"]), ruleId: d.id }));
      }
    }
    for (const e of pack.exceptions) {
      e.entries.forEach((entry, i) => {
        if (!isKnownField(entry.field, pack.customFields)) {
          out.push(errorDiagnostic("detection/unknown-field", `Exception "${e.name}" matches on "${entry.field}", which is not an ECS, Windows or pack-declared field`, locateInPack(pack, e, ["entries", i, "field"])));
        }
      });
    }
    return out;
  },
};

const eqlQueries: PackValidator = {
  codes: ["eql/*"],
  run(pack, context) {
    if (!context.checkQuery) return [];
    const out: Diagnostic[] = [];
    for (const d of pack.detections) {
      const origin = pack.origins.get(d);
      for (const diagnostic of context.checkQuery(d.query, pack.customFields)) {
        const range = diagnostic.range;
        const located = range
          ? origin?.queryMap
            ? mapQueryRange(origin.queryMap, range)
            : d.source.queryOrigin
              ? shiftRange(range, d.source.queryOrigin, d.source.file)
              : undefined
          : undefined;
        out.push({ ...diagnostic, ...(located ? { range: located } : { file: d.source.file, path: ["query"] }), ruleId: d.id });
      }
    }
    return out;
  },
};

/** Every pack validator, in the order their diagnostics are reported. */
export const packValidators: readonly PackValidator[] = [duplicateIds, knownExceptions, knownFields, metadataPolicy, fixturesExist, eqlQueries];

/** Runs every validator and returns their diagnostics (load diagnostics are not repeated). */
export function validatePack(pack: LoadedPack, context: ValidationContext = {}): Diagnostic[] {
  return packValidators.flatMap((validator) => validator.run(pack, context));
}
