/**
 * Field names that detections may use outside their EQL string (exception
 * entries, entityField). ECS names come from the generated catalogue; the
 * Windows names are what Elastic Agent's Windows/System integrations and
 * Winlogbeat add under `winlog.*` on top of ECS. A pack may declare more.
 */
import { ECS_FIELD_TYPES, type EcsFieldName } from "./ecs-fields.generated.ts";
import { WINDOWS_EVENT_DATA_KEYS, WINDOWS_FIELD_TYPES } from "./winlog-fields/index.ts";

export { WINDOWS_EVENT_DATA_KEYS, WINDOWS_FIELD_TYPES } from "./winlog-fields/index.ts";

const KNOWN_EVENT_DATA = new Set(WINDOWS_EVENT_DATA_KEYS);

/** Event-specific data: `winlog.event_data.<Name>` (keyword); the type admits any name, validation the known ones and the pack's. */
export type WindowsEventDataField = `winlog.event_data.${string}`;
export type WindowsFieldName = keyof typeof WINDOWS_FIELD_TYPES | WindowsEventDataField;

/** A field a detection may name in TypeScript: misspell it and `tsc` fails. */
export type DetectionField = EcsFieldName | WindowsFieldName;

const EVENT_DATA_PREFIX = "winlog.event_data.";

/**
 * The mapping type of a known field, or undefined when neither ECS nor Windows
 * nor the pack declares it. Same rules as the EQL checker's schema (eql/schema.ts):
 * a pack key ending in `.*` types every field below it, and the known
 * `winlog.event_data` keys are keywords.
 */
export function lookupFieldType(name: string, customFields: Readonly<Record<string, string>> = {}): string | undefined {
  if (Object.hasOwn(customFields, name)) return customFields[name];
  if (Object.hasOwn(ECS_FIELD_TYPES, name)) return ECS_FIELD_TYPES[name as EcsFieldName];
  if (Object.hasOwn(WINDOWS_FIELD_TYPES, name)) return WINDOWS_FIELD_TYPES[name as keyof typeof WINDOWS_FIELD_TYPES];
  for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
    const wildcard = customFields[`${name.slice(0, dot)}.*`];
    if (wildcard !== undefined) return wildcard;
  }
  if (name.startsWith(EVENT_DATA_PREFIX) && KNOWN_EVENT_DATA.has(name.slice(EVENT_DATA_PREFIX.length))) return "keyword";
  return undefined;
}

export function isKnownField(name: string, customFields: Readonly<Record<string, string>> = {}): boolean {
  return lookupFieldType(name, customFields) !== undefined;
}
