import type { ResolvedDetection } from "../../detection/index.ts";
import { sortJsonKeys, type JsonRecord } from "./canonical-json.ts";
import { compileKibanaExceptionItems, compileKibanaExceptionList } from "./kibana-exceptions.ts";
import { compileKibanaRule } from "./kibana-rule.ts";
import type { KibanaDesiredBody } from "./kibana-types.ts";

/** What sync compares for one detection on Kibana; assignable to sync's `DesiredResource`. */
export interface KibanaDesiredResource {
  readonly id: string;
  readonly name: string;
  readonly body: JsonRecord;
}

/** The composite `{ rule, exceptionList?, exceptionItems? }` in normalized form (see KibanaDesiredBody). */
export function compileKibanaDesiredBody(detection: ResolvedDetection): KibanaDesiredBody {
  const { exceptions_list, ...rule } = compileKibanaRule(detection);
  // The list's saved-object id is assigned by Kibana (and differs per space),
  // so the normalized form keys the reference on list_id alone.
  const body: KibanaDesiredBody = { rule: { ...rule, exceptions_list: exceptions_list.map(({ id: _id, ...ref }) => ref) } };
  const list = compileKibanaExceptionList(detection);
  if (list) {
    body.exceptionList = list;
    body.exceptionItems = compileKibanaExceptionItems(detection);
  }
  return body;
}

/** `CompileDesired` for the Elastic target: pure, no I/O. */
export function compileKibanaDesired(detection: ResolvedDetection): KibanaDesiredResource {
  return { id: detection.id, name: detection.name, body: sortJsonKeys(compileKibanaDesiredBody(detection) as unknown as JsonRecord) };
}
