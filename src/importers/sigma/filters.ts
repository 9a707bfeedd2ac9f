/**
 * Sigma filters (meta filters) -> dac exceptions. A filter whose condition is
 * `not <detection>` (or `not 1 of filter_*`) removes the events its
 * detections match: each detection that is one AND map of plain, wildcard,
 * exists or cidr values becomes one exception whose entries are ANDed.
 * Anything else is refused with the reason. Exceptions match values exactly
 * (Kibana `match` semantics) where Sigma ignores case: a case variant of a
 * filtered value still alerts, which errs towards alerting.
 */
import { selectDetections, parseCondition } from "./condition.ts";
import { applyModifiers } from "./modifiers.ts";
import type { ConvertResult } from "./convert-rule.ts";
import type { ModuleValue } from "./exceptions-module.ts";
import { selectRulePipeline } from "./pipeline-apply.ts";
import type { Pipeline } from "./pipeline-schema.ts";
import type { SigmaFilter } from "./rule-model.ts";
import { hasWildcard, isPlain } from "./sigma-value.ts";
import { slugify } from "./metadata.ts";

export interface ConvertedFilter {
  readonly exceptions: readonly Readonly<Record<string, ModuleValue>>[];
}

export function convertFilter(filter: SigmaFilter, pipelines: readonly Pipeline[]): ConvertResult<ConvertedFilter> {
  const refuse = (code: string, message: string): ConvertResult<ConvertedFilter> => ({ ok: false, refusal: { code, message, range: filter.conditionRange } });
  const cond = parseCondition(filter.condition);
  if (!cond.ok) return refuse("sigma/invalid-condition", cond.message);
  const node = cond.value;
  if (node.kind !== "not" || (node.arg.kind !== "ref" && !(node.arg.kind === "of" && node.arg.quantifier === "one"))) {
    return refuse("sigma/unsupported-filter", "A filter becomes exceptions when its condition is `not <detection>` or `not 1 of <pattern>`");
  }
  const names = node.arg.kind === "ref" ? [node.arg.name] : selectDetections(node.arg.pattern, [...filter.detections.keys()]);
  const selected = selectRulePipeline(pipelines, filter.logsource);
  if (!selected.ok) return refuse("sigma/unsupported-logsource", selected.reason);
  const exceptions: Record<string, ModuleValue>[] = [];
  for (const name of names) {
    const group = filter.detections.get(name);
    if (!group) return refuse("sigma/unknown-detection", `The condition names "${name}", which is not a detection of this filter`);
    const maps = group.kind === "or" && group.items.every((i) => i.kind !== "item") ? group.items : [group];
    for (const [n, map] of maps.entries()) {
      if (map.kind !== "and" || map.items.some((i) => i.kind !== "item")) return refuse("sigma/unsupported-filter", `The detection ${name} nests lists; an exception is one AND of field entries`);
      const entries: Record<string, ModuleValue>[] = [];
      for (const item of map.items) {
        if (item.kind !== "item" || item.field === undefined) return refuse("sigma/unsupported-filter", "A keyword search has no exception form");
        const mapped = selected.value.mapField(item.field);
        if (!mapped.ok) return refuse("sigma/unmapped-field", mapped.reason);
        const modified = applyModifiers(item.modifiers, item.values);
        if (!modified.ok) return refuse(modified.code, modified.message);
        const values = modified.value.values.map((alts) => (alts.length === 1 ? alts[0]! : undefined));
        if (values.some((v) => v === undefined)) return refuse("sigma/unsupported-filter", `${item.field}'s modifiers expand one value into several; an exception entry holds one pattern`);
        const field = mapped.field;
        const first = values[0]!;
        if (values.length === 1 && first.kind === "exists") entries.push({ kind: "exists", field, ...(first.exists ? {} : { negate: true }) });
        else if (values.every((v) => v!.kind === "cidr")) entries.push({ kind: "cidr", field, cidrs: values.map((v) => (v as { cidr: string }).cidr) });
        else if (values.every((v) => v!.kind === "string" && isPlain(v.parts)) || values.every((v) => v!.kind === "number")) {
          const texts = values.map((v) => (v!.kind === "string" ? (v.parts as string[]).join("") : String((v as { value: number }).value)));
          if (modified.value.linkAll && texts.length > 1) return refuse("sigma/unsupported-filter", "`all` over several values has no exception form");
          entries.push(texts.length === 1 ? { kind: "equals", field, value: texts[0]! } : { kind: "any-of", field, values: texts });
        } else if (values.length === 1 && first.kind === "string" && hasWildcard(first.parts) && first.parts.every((p) => typeof p === "string" ? !/[*?]/.test(p) : "wildcard" in p)) {
          entries.push({ kind: "wildcard", field, pattern: first.parts.map((p) => (typeof p === "string" ? p : "wildcard" in p ? p.wildcard : "")).join("") });
        } else return refuse("sigma/unsupported-filter", `${item.field}: several wildcard patterns or a ${first.kind} value have no single exception entry`);
      }
      exceptions.push({
        name: `sigma-filter-${slugify(filter.title, 40)}${names.length > 1 || maps.length > 1 ? `-${slugify(name, 20)}${maps.length > 1 ? `-${n + 1}` : ""}` : ""}`,
        description: `From Sigma filter "${filter.title}"${filter.id ? ` (${filter.id})` : ""}${filter.description ? `: ${filter.description.trim()}` : ""}. Matches exactly where Sigma ignores case.`,
        entries,
      });
    }
  }
  return { ok: true, value: { exceptions } };
}
