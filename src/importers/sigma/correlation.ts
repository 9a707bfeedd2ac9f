/**
 * Sigma correlation rules -> EQL. `temporal_ordered` is a sequence: one stage
 * per referenced rule in the order listed, joined by the group-by fields
 * (each stage's own field when aliases name it differently) within the
 * timespan. `temporal` over one rule is that rule; over several, any order
 * has no single-EQL form (`sample` has no time window), so it is refused.
 * Count-based types need a threshold detection, which dac does not have yet.
 */
import { formatEqlField } from "./eql-text.ts";
import type { ConvertedCondition, ConvertResult } from "./convert-rule.ts";
import type { SigmaCorrelation } from "./rule-model.ts";

const THRESHOLD_NOTE =
  "dac has no threshold detection kind yet; it would take a Kibana threshold / ES|QL rule and an OpenSearch bucket-level monitor on a terms aggregation with a bucket-count trigger";

/** Sigma timespan -> EQL maxspan (EQL has ms, s, m, h, d). */
export function toMaxspan(timespan: string): string | undefined {
  const m = /^([1-9][0-9]*)([smhdw])$/.exec(timespan);
  if (!m) return undefined;
  return m[2] === "w" ? `${Number(m[1]) * 7}d` : timespan;
}

export interface CorrelationInput {
  readonly correlation: SigmaCorrelation;
  /** The referenced rules' converted conditions, in the correlation's order, with their Sigma id and name. */
  readonly stages: readonly { readonly ref: string; readonly converted: ConvertedCondition }[];
}

export function convertCorrelation(input: CorrelationInput): ConvertResult<string> {
  const { correlation } = input;
  const refuse = (code: string, message: string): ConvertResult<string> => ({ ok: false, refusal: { code, message, range: correlation.range } });
  if (correlation.type !== "temporal" && correlation.type !== "temporal_ordered") {
    return refuse("sigma/unsupported-correlation", `A ${correlation.type} correlation counts events: ${THRESHOLD_NOTE}`);
  }
  if (correlation.type === "temporal" && input.stages.length === 1) return { ok: true, value: `any where ${input.stages[0]!.converted.expression}` };
  if (correlation.type === "temporal") {
    return refuse("sigma/unsupported-correlation", `A temporal correlation over ${input.stages.length} rules matches them in any order; EQL sequences are ordered and \`sample\` has no time window, so no single EQL query is exact (reorder as temporal_ordered if the order is known)`);
  }
  const maxspan = toMaxspan(correlation.timespan);
  if (!maxspan) return refuse("sigma/unsupported-correlation", `The timespan ${correlation.timespan} has no EQL maxspan (months and years vary in length)`);
  // Group-by fields per stage: an alias names each rule's own field; otherwise the field maps through that rule's pipeline.
  const keysPerStage: string[][] = [];
  for (const stage of input.stages) {
    const keys: string[] = [];
    for (const g of correlation.groupBy) {
      const alias = correlation.aliases.get(g);
      const sigmaField = alias ? alias.get(stage.ref) : g;
      if (sigmaField === undefined) return refuse("sigma/invalid-correlation", `The alias ${g} names no field for rule ${stage.ref}`);
      const mapped = stage.converted.pipeline.mapField(sigmaField);
      if (!mapped.ok) return refuse("sigma/unmapped-field", mapped.reason);
      keys.push(formatEqlField(mapped.field));
    }
    keysPerStage.push(keys);
  }
  const shared = keysPerStage.every((k) => k.join() === keysPerStage[0]!.join());
  const head = `sequence${shared && keysPerStage[0]!.length > 0 ? ` by ${keysPerStage[0]!.join(", ")}` : ""} with maxspan=${maxspan}`;
  const stages = input.stages.map((s, i) => `  [any where ${s.converted.expression}]${!shared && keysPerStage[i]!.length > 0 ? ` by ${keysPerStage[i]!.join(", ")}` : ""}`);
  return { ok: true, value: [head, ...stages].join("\n") };
}
