/**
 * Index mappings: an Elasticsearch/OpenSearch mapping JSON read into the
 * per-field facts that change what an EQL query means. The type decides how a
 * source value is indexed (a `long` stores "7" as 7, a `keyword` stores 7 as
 * "7", a `version` orders by semver, a `date` by instant), `null_value`
 * replaces a JSON null, `ignore_above` leaves long strings unindexed,
 * `constant_keyword` gives every document its value, `alias` points at another
 * field, and a `text` field is searched through its keyword sub-field.
 *
 * Accepted shapes: `{properties}`, `{mappings: {properties}}`, an index
 * template (`{template: {mappings}}`) and a `GET <index>/_mapping` response
 * (`{<index>: {mappings}}`, the first index wins).
 */
import type { FieldSchema } from "./schema.ts";

export interface MappedField {
  /** The field's ES type (an alias is resolved to its target's type). */
  readonly type: string;
  /** Where the value sits in `_source` (multi-fields and aliases read their parent / target). */
  readonly sourcePath: readonly string[];
  readonly nullValue?: string | number | boolean;
  readonly ignoreAbove?: number;
  /** `constant_keyword`: the value every document has. */
  readonly constantValue?: string;
  /** `text`: a keyword-like multi-field that exact matches run on (ES's "exact attribute"). */
  readonly exactSubField?: string;
}

export interface IndexMapping {
  readonly fields: ReadonlyMap<string, MappedField>;
}

export class MappingError extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `properties` object of any accepted mapping shape. */
function findProperties(json: unknown): Json {
  if (!isObject(json)) throw new MappingError("a mapping must be a JSON object");
  if (isObject(json["properties"])) return json["properties"];
  if (isObject(json["mappings"])) return findProperties(json["mappings"]);
  if (isObject(json["template"])) return findProperties(json["template"]);
  for (const value of Object.values(json)) {
    if (isObject(value) && isObject(value["mappings"])) return findProperties(value["mappings"]);
  }
  throw new MappingError('no "properties" found (expected {properties}, {mappings: {properties}}, an index template or a _mapping response)');
}

const KEYWORD_LIKE = new Set(["keyword", "constant_keyword", "wildcard", "version"]);

function scalar(v: unknown): string | number | boolean | undefined {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

interface RawField {
  readonly name: string;
  readonly def: Json;
  readonly sourcePath: readonly string[];
}

function collect(properties: Json, prefix: readonly string[], out: RawField[]): void {
  for (const [key, def] of Object.entries(properties)) {
    if (!isObject(def)) continue;
    // A dotted property name ("process.pid") is the same as nested objects.
    const path = [...prefix, ...key.split(".")];
    if (isObject(def["properties"])) {
      collect(def["properties"], path, out);
      continue;
    }
    if (typeof def["type"] !== "string") continue;
    out.push({ name: path.join("."), def, sourcePath: path });
    if (isObject(def["fields"])) {
      for (const [sub, subDef] of Object.entries(def["fields"])) {
        if (isObject(subDef) && typeof subDef["type"] === "string") out.push({ name: `${path.join(".")}.${sub}`, def: subDef, sourcePath: path });
      }
    }
  }
}

function toField(raw: RawField): MappedField {
  const type = raw.def["type"] as string;
  const nullValue = scalar(raw.def["null_value"]);
  const ignoreAbove = typeof raw.def["ignore_above"] === "number" ? raw.def["ignore_above"] : undefined;
  const constantValue = type === "constant_keyword" && typeof raw.def["value"] === "string" ? raw.def["value"] : undefined;
  let exactSubField: string | undefined;
  if ((type === "text" || type === "match_only_text") && isObject(raw.def["fields"])) {
    for (const [sub, subDef] of Object.entries(raw.def["fields"])) {
      if (isObject(subDef) && KEYWORD_LIKE.has(String(subDef["type"]))) {
        exactSubField = `${raw.name}.${sub}`;
        break;
      }
    }
  }
  return {
    type,
    sourcePath: raw.sourcePath,
    ...(nullValue === undefined ? {} : { nullValue }),
    ...(ignoreAbove === undefined ? {} : { ignoreAbove }),
    ...(constantValue === undefined ? {} : { constantValue }),
    ...(exactSubField === undefined ? {} : { exactSubField }),
  };
}

/** Reads a mapping JSON value; throws MappingError when it has no properties or an alias dangles. */
export function parseIndexMapping(json: unknown): IndexMapping {
  const raws: RawField[] = [];
  collect(findProperties(json), [], raws);
  const fields = new Map<string, MappedField>();
  const aliases: RawField[] = [];
  for (const raw of raws) {
    if (raw.def["type"] === "alias") aliases.push(raw);
    else if (typeof raw.def["type"] === "string") fields.set(raw.name, toField(raw));
  }
  for (const alias of aliases) {
    const target = typeof alias.def["path"] === "string" ? fields.get(alias.def["path"]) : undefined;
    if (!target) throw new MappingError(`alias [${alias.name}] points at [${String(alias.def["path"])}], which the mapping does not define`);
    fields.set(alias.name, target);
  }
  return { fields };
}

/** The checker's view of a mapping: field name -> ES type. */
export function mappingFieldSchema(mapping: IndexMapping): FieldSchema {
  const schema = new Map<string, string>();
  for (const [name, field] of mapping.fields) schema.set(name, field.type);
  return schema;
}
