/**
 * Applies processing pipelines to one rule's logsource: which logsource item
 * it reads, and a field mapper that records, per Sigma field, which pipeline
 * item mapped it (pySigma's processing provenance). Pipelines are consulted in
 * the order given; the first item that matches wins, so a user's pipeline
 * listed before the built-in one overrides it.
 */
import type { SigmaLogsource } from "./rule-model.ts";
import type { LogsourceItem, Pipeline } from "./pipeline-schema.ts";

/** Where a target field came from: `ecs-windows/sysmon-ecs`, or the unmapped prefix. */
export interface FieldProvenance {
  readonly sigma: string;
  readonly target: string;
  readonly by: string;
}

export type FieldMapping = { readonly ok: true; readonly field: string; readonly provenance: FieldProvenance } | { readonly ok: false; readonly reason: string };

export interface RulePipeline {
  readonly logsource: LogsourceItem & { readonly pipeline: string };
  mapField(field: string): FieldMapping;
  /** The value a pipeline rewrites a Sigma value to for this target field, if any. */
  mapValue(target: string, value: string): string | undefined;
  readonly fieldTypes: Readonly<Record<string, string>>;
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

export type RulePipelineResult = { readonly ok: true; readonly value: RulePipeline } | { readonly ok: false; readonly reason: string };

function matches(match: SigmaLogsource, logsource: SigmaLogsource): boolean {
  for (const key of ["product", "category", "service"] as const) {
    const want = match[key];
    if (want === undefined) continue;
    const have = logsource[key];
    if (have === undefined) return false;
    if (want !== "*" && want.toLowerCase() !== have.toLowerCase()) return false;
  }
  return true;
}

export function describeLogsource(logsource: SigmaLogsource): string {
  return Object.entries(logsource).map(([k, v]) => `${k}: ${v}`).join(", ") || "(empty)";
}

export function selectRulePipeline(pipelines: readonly Pipeline[], logsource: SigmaLogsource): RulePipelineResult {
  let selected: (LogsourceItem & { pipeline: string }) | undefined;
  for (const p of pipelines) {
    const item = p.logsources.find((l) => matches(l.match, logsource));
    if (item) {
      selected = { ...item, pipeline: p.name };
      break;
    }
  }
  if (!selected) return { ok: false, reason: `no pipeline (${pipelines.map((p) => p.name).join(", ")}) maps the logsource {${describeLogsource(logsource)}}` };
  if (selected.refuse) return { ok: false, reason: selected.refuse };
  const mappings = pipelines.flatMap((p) => p.fieldMappings.filter((m) => matches(m.when, logsource)).map((m) => ({ pipeline: p.name, ...m })));
  const prefixOwner = pipelines.find((p) => p.unmappedPrefix !== undefined);
  const fieldTypes = Object.assign({}, ...[...pipelines].reverse().map((p) => p.fieldTypes)) as Record<string, string>;
  const placeholders = Object.assign({}, ...[...pipelines].reverse().map((p) => p.placeholders)) as Record<string, string[]>;
  const valueMaps = new Map<string, Record<string, string>>();
  for (const m of [...mappings].reverse()) for (const [field, map] of Object.entries(m.values)) valueMaps.set(field, { ...valueMaps.get(field), ...map });
  return {
    ok: true,
    value: {
      logsource: selected,
      fieldTypes,
      placeholders,
      mapField(field) {
        for (const m of mappings) {
          const target = m.fields[field];
          if (target !== undefined) return { ok: true, field: target, provenance: { sigma: field, target, by: `${m.pipeline}/${m.id}` } };
        }
        // Dotted names are already target fields (a rule written for ECS).
        if (field.includes(".")) return { ok: true, field, provenance: { sigma: field, target: field, by: "as written" } };
        if (prefixOwner && /^[A-Za-z0-9_]+$/.test(field)) {
          const target = `${prefixOwner.unmappedPrefix}${field}`;
          return { ok: true, field: target, provenance: { sigma: field, target, by: `${prefixOwner.name}/unmapped-prefix` } };
        }
        return { ok: false, reason: `the field "${field}" has no mapping in ${pipelines.map((p) => p.name).join(", ")}` };
      },
      mapValue(target, value) {
        return valueMaps.get(target)?.[value.toLowerCase()];
      },
    },
  };
}
