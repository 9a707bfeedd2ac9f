import type { ExceptionEntry, ResolvedDetection, ResolvedException } from "../../detection/index.ts";
import {
  compileOwnershipTags,
  type KibanaCompileOptions,
  type KibanaExceptionEntry,
  type KibanaExceptionItemBody,
  type KibanaExceptionListBody,
  type KibanaExceptionListRef,
} from "./kibana-types.ts";

/**
 * A detection's exceptions as one Kibana exception list of type `detection`
 * (space-local, `namespace_type: single`) with one item per named exception.
 * Ids derive from the rule id so a redeploy finds the same objects.
 */

/** The list_id of a detection's exception list: `<rule id>--exceptions`. */
export function deriveExceptionListId(ruleId: string): string {
  return `${ruleId}--exceptions`;
}

/** The item_id of one named exception: unique per space because it embeds the rule id. */
export function deriveExceptionItemId(ruleId: string, exceptionName: string): string {
  return `${ruleId}--${exceptionName}`;
}

/** The ref a rule's `exceptions_list` carries; `id` is a placeholder (the list_id) until the adapter knows Kibana's id. */
export function compileKibanaExceptionListRef(ruleId: string, id = deriveExceptionListId(ruleId)): KibanaExceptionListRef {
  return { id, list_id: deriveExceptionListId(ruleId), type: "detection", namespace_type: "single" };
}

/** The list container, or undefined when the detection has no exceptions. */
export function compileKibanaExceptionList(detection: ResolvedDetection, options: KibanaCompileOptions = {}): KibanaExceptionListBody | undefined {
  if (detection.exceptions.length === 0) return undefined;
  return {
    list_id: deriveExceptionListId(detection.id),
    name: `${detection.name} (exceptions)`,
    description: `Exceptions for ${detection.id}, managed by dac: ${detection.exceptions.map((e) => e.name).join(", ")}`,
    type: "detection",
    namespace_type: "single",
    tags: compileOwnershipTags(options),
    os_types: [],
  };
}

/** One item per named exception, sorted by item_id (the order Kibana's `_find` is asked to return). */
export function compileKibanaExceptionItems(detection: ResolvedDetection, options: KibanaCompileOptions = {}): KibanaExceptionItemBody[] {
  return detection.exceptions
    .map((exception) => compileKibanaExceptionItem(detection.id, exception, options))
    .sort((a, b) => (a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0));
}

export function compileKibanaExceptionItem(ruleId: string, exception: ResolvedException, options: KibanaCompileOptions = {}): KibanaExceptionItemBody {
  return {
    item_id: deriveExceptionItemId(ruleId, exception.name),
    list_id: deriveExceptionListId(ruleId),
    type: "simple",
    name: exception.name,
    // Kibana requires a description; an empty one would be rejected by its schema (minLength 1 in practice).
    description: exception.description.trim() === "" ? exception.name : exception.description,
    entries: exception.entries.map(compileKibanaExceptionEntry),
    namespace_type: "single",
    tags: compileOwnershipTags(options),
    os_types: [],
  };
}

/**
 * Maps dac's entry kinds onto Kibana's: equals -> match, any-of -> match_any,
 * wildcard -> wildcard, exists -> exists, cidr -> match (one block) or
 * match_any (several) on the ip field: Elasticsearch term queries on `ip`
 * fields accept CIDR notation, which is how Kibana's match entries are executed.
 */
export function compileKibanaExceptionEntry(entry: ExceptionEntry): KibanaExceptionEntry {
  const operator = entry.negate ? "excluded" : "included";
  switch (entry.kind) {
    case "equals":
      return { type: "match", field: entry.field, operator, value: entry.value };
    case "any-of":
      return { type: "match_any", field: entry.field, operator, value: [...entry.values] };
    case "wildcard":
      return { type: "wildcard", field: entry.field, operator, value: entry.pattern };
    case "exists":
      return { type: "exists", field: entry.field, operator };
    case "cidr": {
      const [only, ...rest] = entry.cidrs;
      return only !== undefined && rest.length === 0
        ? { type: "match", field: entry.field, operator, value: only }
        : { type: "match_any", field: entry.field, operator, value: [...entry.cidrs] };
    }
  }
}
