/**
 * Pack validators, in one explicit list. Each returns located diagnostics with
 * a stable code. Schema problems (`detection/schema`, `detection/unknown-mitre`,
 * `detection/import-failed`) are found while loading; these run on the loaded pack.
 * The EQL check is injected (`checkQuery`) because eql/ is a later stage that
 * detection/ must not import; the CLI wires in `checkEql`.
 */
import { statSync } from "node:fs";
import { errorDiagnostic, type Diagnostic } from "../diagnostics/index.ts";
import type { MetadataPolicy } from "../config/index.ts";
import { checkFixtureContent } from "./fixture-content.ts";
import { isKnownField, lookupFieldType } from "./fields.ts";
import { checkMetadataPolicy, METADATA_CODES } from "./metadata-validators.ts";
import type { Detection } from "./model.ts";
import { locateInPack, type LoadedPack } from "./pack.ts";
import { mapQueryRange } from "./source-locate.ts";
import { explainInvalidCidr, explainValueTypeMismatch } from "./value-checks.ts";
import { locateQueryRange } from "./query-location.ts";

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

/** The kind of thing at `path`: a file, a folder (or other non-file), or nothing. */
function statKind(path: string): "file" | "other" | "missing" {
  try {
    return statSync(path).isFile() ? "file" : "other";
  } catch {
    return "missing";
  }
}

const fixturesExist: PackValidator = {
  codes: ["detection/fixture-missing", "detection/fixture-not-a-file", "detection/fixture-empty", "detection/fixture-invalid-event", "detection/fixture-no-timestamp", "detection/fixture-unreadable"],
  run(pack) {
    const out: Diagnostic[] = [];
    // One read per fixture file however many tests share it; problems are about the file, reported per test line.
    const contentProblems = new Map<string, ReturnType<typeof checkFixtureContent>>();
    for (const d of pack.detections) {
      d.tests.forEach((t, i) => {
        const at = { ...locateInPack(pack, d, ["tests", i, "fixture"]), ruleId: d.id };
        const kind = statKind(t.fixture);
        if (kind === "missing") {
          out.push(errorDiagnostic("detection/fixture-missing", `Test "${t.name}" of "${d.id}" reads ${t.fixture}, which does not exist`, at));
          return;
        }
        if (kind === "other") {
          out.push(errorDiagnostic("detection/fixture-not-a-file", `Test "${t.name}" of "${d.id}" reads ${t.fixture}, which is a folder, not an NDJSON file`, at));
          return;
        }
        const key = `${t.fixture}\u0000${d.timestampField}`;
        let problems = contentProblems.get(key);
        if (!problems) contentProblems.set(key, (problems = checkFixtureContent(t.fixture, d.timestampField)));
        for (const p of problems) {
          out.push(errorDiagnostic(p.code, `Test "${t.name}" of "${d.id}": ${p.message}`, { ...at, notes: [...(p.where ? [`at ${p.where}`] : []), ...p.notes] }));
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

const NUMERIC_OR_DATE = /^(long|integer|short|byte|unsigned_long|double|float|half_float|scaled_float|date|date_nanos)$/;

/**
 * The fields a detection's settings name (`timestampField`, `tiebreakerField`,
 * `eventCategoryField`): a typo there deploys a rule that never sees an event.
 */
const knownSettingFields: PackValidator = {
  codes: ["detection/unknown-field", "detection/field-type"],
  run(pack) {
    const out: Diagnostic[] = [];
    for (const d of pack.detections) {
      const settings: [string, string | undefined][] = [["timestampField", d.timestampField], ["tiebreakerField", d.tiebreakerField], ["eventCategoryField", d.eventCategoryField]];
      for (const [key, field] of settings) {
        if (field === undefined) continue;
        const type = lookupFieldType(field, pack.customFields);
        const at = { ...locateInPack(pack, d, [key]), ruleId: d.id };
        if (type === undefined) out.push(errorDiagnostic("detection/unknown-field", `${key} "${field}" is not an ECS, Windows or pack-declared field`, { ...at, ...(key === "timestampField" ? { notes: ['the ECS event time is "@timestamp"'] } : {}) }));
        else if (key === "timestampField" && !NUMERIC_OR_DATE.test(type)) out.push(errorDiagnostic("detection/field-type", `timestampField "${field}" is mapped as ${type}; EQL needs a date or numeric field`, at));
      }
    }
    return out;
  },
};

/**
 * Literal exception values checked against their field's mapping: CIDR
 * entries need an ip field and valid blocks, exact values on numeric, boolean
 * and ip fields must parse as such. Values from environments.yaml are checked
 * when they are resolved (exceptions.ts).
 */
const exceptionValueTypes: PackValidator = {
  codes: ["detection/invalid-cidr", "detection/cidr-field-type", "detection/value-type"],
  run(pack) {
    const out: Diagnostic[] = [];
    for (const e of pack.exceptions) {
      e.entries.forEach((entry, i) => {
        const type = lookupFieldType(entry.field, pack.customFields);
        const check = (values: unknown, key: string, explain: (v: string) => string | undefined, code: string) => {
          const list = typeof values === "string" ? [values] : Array.isArray(values) ? values : [];
          list.forEach((v: unknown, j) => {
            const why = typeof v === "string" ? explain(v) : undefined;
            if (why !== undefined) out.push(errorDiagnostic(code, `Exception "${e.name}": ${why}`, locateInPack(pack, e, ["entries", i, key, ...(Array.isArray(values) ? [j] : [])])));
          });
        };
        if (entry.kind === "cidr") {
          if (type !== undefined && type !== "ip") out.push(errorDiagnostic("detection/cidr-field-type", `Exception "${e.name}" matches CIDR blocks on "${entry.field}", which is mapped as ${type}, not ip: the query would fail on the cluster`, { ...locateInPack(pack, e, ["entries", i, "field"]), notes: ['use kind "any-of" or "wildcard" for text, or an ip field such as source.ip'] }));
          check(entry.cidrs, "cidrs", explainInvalidCidr, "detection/invalid-cidr");
        } else if (entry.kind === "equals") {
          check(entry.value, "value", (v) => explainValueTypeMismatch(v, type), "detection/value-type");
        } else if (entry.kind === "any-of") {
          check(entry.values, "values", (v) => explainValueTypeMismatch(v, type), "detection/value-type");
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
        const located = range ? (origin?.queryMap ? mapQueryRange(origin.queryMap, range) : locateQueryRange(d, range)) : undefined;
        out.push({ ...diagnostic, ...(located ? { range: located } : { file: d.source.file, path: ["query"] }), ruleId: d.id });
      }
    }
    return out;
  },
};

/** Every pack validator, in the order their diagnostics are reported. */
export const packValidators: readonly PackValidator[] = [duplicateIds, knownExceptions, knownFields, knownSettingFields, exceptionValueTypes, metadataPolicy, fixturesExist, eqlQueries];

/** Runs every validator and returns their diagnostics (load diagnostics are not repeated). */
export function validatePack(pack: LoadedPack, context: ValidationContext = {}): Diagnostic[] {
  return packValidators.flatMap((validator) => validator.run(pack, context));
}
