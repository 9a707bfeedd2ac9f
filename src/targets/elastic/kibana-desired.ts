import type { ResolvedDetection } from "../../detection/index.ts";
import { sortJsonKeys, type JsonRecord } from "./canonical-json.ts";
import { compileKibanaExceptionItems, compileKibanaExceptionList } from "./kibana-exceptions.ts";
import { compileKibanaRule } from "./kibana-rule.ts";
import type { KibanaCompileOptions, KibanaDesiredBody } from "./kibana-types.ts";

/** What sync compares for one detection on Kibana; assignable to sync's `DesiredResource`. */
export interface KibanaDesiredResource {
  readonly id: string;
  readonly name: string;
  readonly body: JsonRecord;
}

/** The composite `{ rule, exceptionList?, exceptionItems? }` in normalized form (see KibanaDesiredBody). */
export function compileKibanaDesiredBody(detection: ResolvedDetection, options: KibanaCompileOptions = {}): KibanaDesiredBody {
  const { exceptions_list, ...rule } = compileKibanaRule(detection, options);
  // The list's saved-object id is assigned by Kibana (and differs per space),
  // so the normalized form keys the reference on list_id alone.
  const body: KibanaDesiredBody = { rule: { ...rule, exceptions_list: exceptions_list.map(({ id: _id, ...ref }) => ref) } };
  const list = compileKibanaExceptionList(detection, options);
  if (list) {
    body.exceptionList = list;
    body.exceptionItems = compileKibanaExceptionItems(detection, options);
  }
  return body;
}

/** `CompileDesired` for the Elastic target: pure, no I/O. The project tag is in the body, so it is compared and hashed. */
export function compileKibanaDesired(detection: ResolvedDetection, options: KibanaCompileOptions = {}): KibanaDesiredResource {
  return { id: detection.id, name: detection.name, body: sortJsonKeys(compileKibanaDesiredBody(detection, options) as unknown as JsonRecord) };
}
