/**
 * Field schemas: dotted field name -> Elasticsearch field type, the way the
 * checker sees an index mapping. Built from the ECS catalogue shipped in
 * `@elastic/ecs` plus the custom fields a pack declares. A custom key ending in
 * `.*` (`"winlog.event_data.*": "keyword"`) types every field below it.
 */
import { createRequire } from "node:module";
import { windowsFieldSchema } from "./schema-windows.ts";

export type FieldSchema = ReadonlyMap<string, string>;

interface EcsFlatEntry {
  readonly type: string;
  /** For an `object` whose every sub-field has one type (`labels`: keyword). */
  readonly object_type?: string;
  readonly multi_fields?: ReadonlyArray<{ readonly flat_name: string; readonly type: string }>;
}

let ecsCache: ReadonlyMap<string, string> | undefined;

/**
 * The ECS field catalogue. Loaded on first use because it is a 1.5 MB module
 * that only the checker needs; `parseEql` users should not pay for it.
 */
function loadEcsFields(): ReadonlyMap<string, string> {
  if (ecsCache) return ecsCache;
  const require = createRequire(import.meta.url);
  const { EcsFlat } = require("@elastic/ecs/build/commonjs/ecs_flat.js") as { EcsFlat: Record<string, EcsFlatEntry> };
  const fields = new Map<string, string>();
  for (const [name, entry] of Object.entries(EcsFlat)) {
    fields.set(name, entry.type);
    // ECS maps any key below such an object with its object_type (a dynamic template),
    // so `labels.env` is a keyword field that cidrMatch or a number comparison refuses.
    if (entry.type === "object" && entry.object_type !== undefined) fields.set(`${name}.*`, entry.object_type);
    for (const multi of entry.multi_fields ?? []) fields.set(multi.flat_name, multi.type);
  }
  ecsCache = fields;
  return fields;
}

/** ECS fields plus `custom` (custom types win over ECS ones). */
export function ecsFieldSchema(custom: Readonly<Record<string, string>> = {}): FieldSchema {
  const fields = new Map(loadEcsFields());
  for (const [name, type] of Object.entries(custom)) fields.set(name, type);
  return fields;
}

/** A schema of only the given fields (no ECS). */
export function customFieldSchema(fields: Readonly<Record<string, string>>): FieldSchema {
  return new Map(Object.entries(fields));
}

/** The default for `dac eql check`: ECS plus the common Windows event log fields. */
export function defaultFieldSchema(custom: Readonly<Record<string, string>> = {}): FieldSchema {
  return ecsFieldSchema({ ...windowsFieldSchema(), ...custom });
}

/** Parent types whose sub-fields are dynamic: any name below them is known. */
const OPEN_PARENTS: Readonly<Record<string, string>> = { object: "unknown", flattened: "keyword" };

/**
 * The type of `name` in `schema`, or undefined if the schema does not know it.
 * Sub-fields of `object` parents have an unknown type; of `flattened`, keyword.
 */
export function lookupFieldType(schema: FieldSchema, name: string): string | undefined {
  const exact = schema.get(name);
  if (exact !== undefined) return exact;
  let dot = name.lastIndexOf(".");
  while (dot > 0) {
    const parent = name.slice(0, dot);
    const wildcard = schema.get(`${parent}.*`);
    if (wildcard !== undefined) return wildcard;
    const parentType = schema.get(parent);
    if (parentType !== undefined && OPEN_PARENTS[parentType] !== undefined) return OPEN_PARENTS[parentType];
    dot = name.lastIndexOf(".", dot - 1);
  }
  return undefined;
}

export { windowsFieldSchema };
