/**
 * The `dac up` attack scenario: a story composed from a pack's fixtures
 * (detections/<pack>/scenario/scenario.json). Each step's events are rebased
 * so its last event lands `endsSecondsAgo` before the replay, then routed to
 * the index Elastic Agent would write them to, under the `dacscenario`
 * namespace, so the pack's default index patterns read them unchanged.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { FixtureEvent } from "./fixtures.ts";
import { rebaseEvents } from "./rebase.ts";

export const SCENARIO_NAMESPACE = "dacscenario";
/** Every index a scenario writes to matches one of these (for clean-up). */
export const SCENARIO_INDEX_PATTERNS = [`logs-*-${SCENARIO_NAMESPACE}`, `winlogbeat-${SCENARIO_NAMESPACE}`] as const;

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  steps: z
    .array(
      z.strictObject({
        fixture: z.string().min(1),
        endsSecondsAgo: z.number().int().min(0),
        expect: z.enum(["alert", "silent"]),
        note: z.string().default(""),
        /** The detections the expectation is about (default: all of them). */
        detections: z.array(z.string()).optional(),
      }),
    )
    .min(1),
});

export interface ScenarioStep {
  /** Absolute path of the fixture. */
  readonly fixture: string;
  readonly endsSecondsAgo: number;
  readonly expect: "alert" | "silent";
  readonly note: string;
  /** The detections `expect` is about; undefined: any detection. */
  readonly detections?: readonly string[];
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
}

/** Reads and checks a scenario file; fixture paths resolve against its folder. */
export function loadScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`cannot read scenario ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`scenario ${file}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
  }
  const folder = dirname(file);
  return { ...parsed.data, steps: parsed.data.steps.map((s) => ({ ...s, fixture: resolve(folder, s.fixture) })) };
}

/**
 * The index an event goes to: `<type>-<dataset>-dacscenario` from its
 * `data_stream` (as Elastic Agent names data streams), else the Winlogbeat
 * index, which every Windows data source's default patterns include.
 */
export function routeScenarioEvent(source: Record<string, unknown>): string {
  const ds = source["data_stream"] as { type?: unknown; dataset?: unknown } | undefined;
  const type = typeof ds?.type === "string" ? ds.type : undefined;
  const dataset = typeof ds?.dataset === "string" ? ds.dataset : undefined;
  if (type && dataset) return `${type}-${dataset}-${SCENARIO_NAMESPACE}`.toLowerCase();
  return `winlogbeat-${SCENARIO_NAMESPACE}`;
}

export interface ScenarioEvent {
  readonly index: string;
  readonly id: string;
  readonly source: Record<string, unknown>;
  readonly step: number;
}

/** All steps' events, rebased against `now` and routed, in step order. */
export function composeScenarioEvents(scenario: Scenario, now: number, readEvents: (file: string) => readonly FixtureEvent[]): ScenarioEvent[] {
  const out: ScenarioEvent[] = [];
  scenario.steps.forEach((step, stepIndex) => {
    const fixture = readEvents(step.fixture);
    const rebased = rebaseEvents(fixture.map((e) => e.source), { now: now - step.endsSecondsAgo * 1000 });
    rebased.events.forEach((source, i) => {
      // Data stream documents carry their namespace; keep it consistent with the index they land in.
      const ds = source["data_stream"];
      // A copy: rebased events share nested objects with the cached fixture.
      if (typeof ds === "object" && ds !== null) source["data_stream"] = { ...(ds as Record<string, unknown>), namespace: SCENARIO_NAMESPACE };
      out.push({ index: routeScenarioEvent(source), id: `step${stepIndex + 1}:${fixture[i]?.id ?? i}`, source, step: stepIndex });
    });
  });
  return out;
}

/** Events grouped by target index, in input order. */
export function groupEventsByIndex(events: readonly ScenarioEvent[]): Map<string, ScenarioEvent[]> {
  const groups = new Map<string, ScenarioEvent[]>();
  for (const e of events) groups.set(e.index, [...(groups.get(e.index) ?? []), e]);
  return groups;
}
