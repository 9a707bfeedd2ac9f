/**
 * Where a problem in a detection's query sits in its module file, for every
 * stage that reports on the query (the EQL checker, the OpenSearch compiler's
 * refusals). The loader registers each query's character map (escapes such
 * as `\\` make the runtime string and the source text differ); the map is
 * keyed by the detection's `source` object, which resolved copies of the
 * detection share, so it never travels inside the (serialisable) detection.
 */
import { shiftRange, type SourceRange } from "../diagnostics/index.ts";
import type { Detection } from "./model.ts";
import { mapQueryRange, type QuerySourceMap } from "./source-locate.ts";

const maps = new WeakMap<Detection["source"], QuerySourceMap>();

export function registerQueryMap(detection: Detection, map: QuerySourceMap): void {
  maps.set(detection.source, map);
}

/**
 * `range` (relative to the query string) in the module file: through the
 * character map when the query is a literal, else shifted from the query's
 * first character; undefined when the loader saw neither.
 */
export function locateQueryRange(detection: Pick<Detection, "source">, range: SourceRange): SourceRange | undefined {
  const map = maps.get(detection.source);
  if (map) return mapQueryRange(map, range);
  return detection.source.queryOrigin ? shiftRange(range, detection.source.queryOrigin, detection.source.file) : undefined;
}
