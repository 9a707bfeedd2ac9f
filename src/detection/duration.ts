/**
 * Schedule durations ("5m", "30s", "1h", "0m"): the one grammar a detection's
 * interval and look-back are written in, and the one reading of it that both
 * targets and the environment overrides use, so a "90s" can never mean two
 * things in two stages.
 */

const UNIT_MILLIS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = keyof typeof UNIT_MILLIS;

/** Milliseconds in `<integer><ms|s|m|h|d>` ("5m" -> 300000), or undefined for any other text. */
export function parseDurationMillis(text: string): number | undefined {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MILLIS[match[2] as DurationUnit];
}

/** Whole seconds in `<integer><s|m|h|d>` (Kibana's units: no milliseconds), or undefined. */
export function parseDurationSeconds(text: string): number | undefined {
  const millis = parseDurationMillis(text);
  if (millis === undefined || /ms$/.test(text.trim())) return undefined;
  return millis / 1000;
}
