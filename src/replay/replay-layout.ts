/**
 * Where each fixture of a replay run goes: a few shared indices instead of
 * one index per case. A fixture is loaded once per timestamp field (the
 * rebase moves that field), under a marker every case reading it is scoped
 * to (replay-scope.ts). Fixtures share an index only when every field they
 * both carry gets the same mapping: each fixture then sees exactly the
 * mappings its own index had when every case got one, so a field that is a
 * number in one fixture and a string in another never changes type under
 * either (range queries and typed sequence keys depend on it).
 */
import { collectFieldPaths, deriveMappingsOfPaths, describeSampleKind } from "./ecs-template.ts";
import type { FixtureEvent } from "./fixtures.ts";

export interface FixtureSlot {
  readonly file: string;
  readonly timestampField: string;
  /** The value of REPLAY_MARKER_FIELD on the fixture's events (`f<n>`). */
  readonly marker: string;
  readonly index: string;
}

export interface ReplayLayout {
  /** By fixtureSlotKey, in first-use order. */
  readonly slots: ReadonlyMap<string, FixtureSlot>;
  /** Shared index -> the mappings it is created with. */
  readonly indices: ReadonlyMap<string, Record<string, unknown>>;
}

export function fixtureSlotKey(file: string, timestampField: string): string {
  return `${timestampField}\u0000${file}`;
}

/** Shared replay index n of run `runId` (inside REPLAY_INDEX_PREFIX, ending in the run id as the run's clean-up expects). */
export function sharedReplayIndex(n: number, runId: string): string {
  return `dac-replay-fixtures-${n}-${runId}`;
}

/** Leaf path -> its mapping as JSON text, from deriveEventMappings' nested properties. */
export function flattenMappings(properties: Record<string, unknown>, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [name, mapping] of Object.entries(properties)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const m = mapping as { properties?: Record<string, unknown> };
    if (m.properties !== undefined && Object.keys(m).length === 1) flattenMappings(m.properties, path, out);
    else out.set(path, JSON.stringify(mapping));
  }
  return out;
}

interface Group {
  readonly leaves: Map<string, string>;
  readonly objects: Set<string>;
}

function objectPrefixes(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) for (let i = p.indexOf("."); i >= 0; i = p.indexOf(".", i + 1)) out.add(p.slice(0, i));
  return out;
}

function fits(group: Group, leaves: ReadonlyMap<string, string>, objects: ReadonlySet<string>): boolean {
  for (const [path, mapping] of leaves) {
    const there = group.leaves.get(path);
    if ((there !== undefined && there !== mapping) || group.objects.has(path)) return false;
  }
  for (const o of objects) if (group.leaves.has(o)) return false;
  return true;
}

/**
 * Lays out `fixtures` (file + timestamp field, in first-use order): a marker
 * per slot, the first shared index whose mappings agree with the fixture's.
 */
export function planReplayLayout(fixtures: Iterable<{ file: string; timestampField: string }>, readEvents: (file: string) => readonly FixtureEvent[], runId: string): ReplayLayout {
  const groups: Group[] = [];
  const groupOfFile = new Map<string, number>();
  const slots = new Map<string, FixtureSlot>();
  const derivedBySignature = new Map<string, { leaves: ReadonlyMap<string, string>; objects: ReadonlySet<string> }>();
  for (const { file, timestampField } of fixtures) {
    const key = fixtureSlotKey(file, timestampField);
    if (slots.has(key)) continue;
    let g = groupOfFile.get(file);
    if (g === undefined) {
      const paths = collectFieldPaths(readEvents(file).map((e) => e.source));
      // Fixtures of one kind carry the same fields: their mappings are derived once.
      const signature = [...paths].map(([path, sample]) => `${path}\u0000${describeSampleKind(sample)}`).join("\n");
      let derived = derivedBySignature.get(signature);
      if (!derived) {
        const leaves = flattenMappings((deriveMappingsOfPaths(paths) as { properties: Record<string, unknown> }).properties);
        derived = { leaves, objects: objectPrefixes(leaves.keys()) };
        derivedBySignature.set(signature, derived);
      }
      const { leaves, objects } = derived;
      g = groups.findIndex((group) => fits(group, leaves, objects));
      if (g < 0) g = groups.push({ leaves: new Map(), objects: new Set() }) - 1;
      const group = groups[g] as Group;
      for (const [p, m] of leaves) group.leaves.set(p, m);
      for (const o of objects) group.objects.add(o);
      groupOfFile.set(file, g);
    }
    slots.set(key, { file, timestampField, marker: `f${slots.size}`, index: sharedReplayIndex(g, runId) });
  }
  const indices = new Map(groups.map((group, g) => [sharedReplayIndex(g, runId), nestMappings(group.leaves)] as const));
  return { slots, indices };
}

/** Flat leaf mappings back into `{properties: …}` form (the inverse of flattenMappings). */
export function nestMappings(leaves: ReadonlyMap<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of [...leaves.keys()].sort()) {
    const parts = path.split(".");
    let level = root;
    for (const part of parts.slice(0, -1)) level = ((level[part] ??= { properties: {} }) as { properties: Record<string, unknown> }).properties;
    level[parts.at(-1) as string] = JSON.parse(leaves.get(path) as string);
  }
  return { properties: root };
}
