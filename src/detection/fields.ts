/**
 * Field names that detections may use outside their EQL string (exception
 * entries, entityField). ECS names come from the generated catalogue; the
 * Windows names are what Elastic Agent's Windows/System integrations and
 * Winlogbeat add under `winlog.*` on top of ECS. A pack may declare more.
 */
import { ECS_FIELD_TYPES, type EcsFieldName } from "./ecs-fields.generated.ts";

/** `winlog.*` fields of Winlogbeat / Elastic Agent, with their mapping types. */
export const WINDOWS_FIELD_TYPES = {
  "winlog.channel": "keyword",
  "winlog.event_id": "keyword",
  "winlog.provider_name": "keyword",
  "winlog.provider_guid": "keyword",
  "winlog.computer_name": "keyword",
  "winlog.record_id": "keyword",
  "winlog.task": "keyword",
  "winlog.opcode": "keyword",
  "winlog.keywords": "keyword",
  "winlog.level": "keyword",
  "winlog.version": "long",
  "winlog.activity_id": "keyword",
  "winlog.logon.id": "keyword",
  "winlog.logon.type": "keyword",
  "winlog.process.pid": "long",
  "winlog.process.thread.id": "long",
  "winlog.user.identifier": "keyword",
  "winlog.user.name": "keyword",
  "winlog.user.domain": "keyword",
  "winlog.user.type": "keyword",
  "winlog.related_activity_id": "keyword",
  "winlog.api": "keyword",
  "winlog.channel_original": "keyword",
} as const;

/** Event-specific data: every `winlog.event_data.<Name>` is a keyword. */
export type WindowsEventDataField = `winlog.event_data.${string}`;
export type WindowsFieldName = keyof typeof WINDOWS_FIELD_TYPES | WindowsEventDataField;

/** A field a detection may name in TypeScript: misspell it and `tsc` fails. */
export type DetectionField = EcsFieldName | WindowsFieldName;

const EVENT_DATA_PREFIX = "winlog.event_data.";

/** The mapping type of a known field, or undefined when neither ECS nor Windows nor the pack declares it. */
export function lookupFieldType(name: string, customFields: Readonly<Record<string, string>> = {}): string | undefined {
  if (Object.hasOwn(customFields, name)) return customFields[name];
  if (Object.hasOwn(ECS_FIELD_TYPES, name)) return ECS_FIELD_TYPES[name as EcsFieldName];
  if (Object.hasOwn(WINDOWS_FIELD_TYPES, name)) return WINDOWS_FIELD_TYPES[name as keyof typeof WINDOWS_FIELD_TYPES];
  if (name.startsWith(EVENT_DATA_PREFIX) && /^[A-Za-z0-9_]+$/.test(name.slice(EVENT_DATA_PREFIX.length))) return "keyword";
  return undefined;
}

export function isKnownField(name: string, customFields: Readonly<Record<string, string>> = {}): boolean {
  return lookupFieldType(name, customFields) !== undefined;
}
