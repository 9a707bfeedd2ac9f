import type { DataSource } from "./model.ts";

/**
 * Default index patterns per data source: the data streams Elastic Agent's
 * integrations write (System, Windows, Elastic Defend) plus `winlogbeat-*` for
 * Winlogbeat shippers, which put Security, System and Sysmon in one index.
 */
export const DEFAULT_INDEX_PATTERNS: Readonly<Record<DataSource, readonly string[]>> = {
  "windows-security": ["logs-system.security-*", "winlogbeat-*"],
  "windows-system": ["logs-system.system-*", "winlogbeat-*"],
  sysmon: ["logs-windows.sysmon_operational-*", "winlogbeat-*"],
  "elastic-defend": ["logs-endpoint.events.*"],
};

/** The de-duplicated index patterns a detection reads when it names none itself. */
export function selectIndexPatterns(dataSources: readonly DataSource[]): string[] {
  const patterns = new Set<string>();
  for (const source of dataSources) for (const pattern of DEFAULT_INDEX_PATTERNS[source]) patterns.add(pattern);
  return [...patterns];
}
