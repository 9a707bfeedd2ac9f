/**
 * Which mapping the in-memory engine uses for a detection's events: the one
 * replay gives the index on a node (ECS types from the replay template, other
 * fields by their values), so `dac test --offline`, `dac scan` and replay on a
 * node read every field with the same type. A `--mapping FILE` replaces it.
 */
import { parseIndexMapping, type IndexMapping } from "../eql/index.ts";
import { deriveReplayMappings } from "./ecs-template.ts";

/** The mapping a replay index holding exactly `events` is created with. */
export function replayMappingFor(events: Iterable<Record<string, unknown>>): IndexMapping {
  return parseIndexMapping(deriveReplayMappings(events));
}

let ecsOnly: IndexMapping | undefined;

/** The replay template's ECS fields, for streams too large to look at first (`dac scan`). */
export function ecsReplayMapping(): IndexMapping {
  return (ecsOnly ??= parseIndexMapping(deriveReplayMappings()));
}
