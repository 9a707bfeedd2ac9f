/**
 * Field types for Windows event logs as Elastic Agent / Winlogbeat map them:
 * `winlog.*` metadata and the common `winlog.event_data.*` keys (Security,
 * System and Sysmon channels). These are not in ECS. The detection validators
 * accept exactly the same names (detection/fields.ts), so a typo in a key is
 * caught in the query and in exceptions alike; other keys are declared by the
 * pack (`"winlog.event_data.Foo": "keyword"`, or `"winlog.event_data.*"`).
 */
import { WINDOWS_EVENT_DATA_KEYS, WINDOWS_FIELD_TYPES } from "../detection/winlog-fields/index.ts";

/** Winlog field types, to pass as the `custom` fields of `ecsFieldSchema`. */
export function windowsFieldSchema(): Record<string, string> {
  const out: Record<string, string> = { ...WINDOWS_FIELD_TYPES };
  for (const key of WINDOWS_EVENT_DATA_KEYS) out[`winlog.event_data.${key}`] = "keyword";
  return out;
}
