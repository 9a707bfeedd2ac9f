/** `--mapping FILE`: an Elasticsearch/OpenSearch mapping JSON read for the EQL engine. */
import { readFileSync } from "node:fs";
import { MappingError, parseIndexMapping, type IndexMapping } from "../../eql/index.ts";

export class MappingFileError extends Error {}

/** Reads and parses `file`; throws MappingFileError naming the file on any problem. */
export function readMappingFile(file: string): IndexMapping {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new MappingFileError(`cannot read mapping ${file}: ${(err as Error).message}`);
  }
  try {
    return parseIndexMapping(JSON.parse(text));
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof MappingError) throw new MappingFileError(`${file}: ${err.message}`);
    throw err;
  }
}

export const MAPPING_OPTION_HELP =
  "index mapping JSON (mapping, index template or _mapping response): mapped fields match as their ES type does (version, date, null_value, numeric coercion, keyword sub-fields); an optional ?field it lacks is null";
