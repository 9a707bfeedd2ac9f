/**
 * Validators for the metadata policy (config/metadata-policy.ts): replay
 * tests, false positives, an investigation guide and an ATT&CK mapping, each
 * `required` (error), `warn` (warning) or `off` per pack. Same code whether it
 * is an error or a warning, so users filter on one name.
 */
import { resolve } from "node:path";
import { EMPTY_METADATA_POLICY, resolveMetadataLevels, type MetadataItem, type MetadataLevel, type MetadataPolicy } from "../config/index.ts";
import type { Diagnostic } from "../diagnostics/index.ts";
import type { Detection } from "./model.ts";
import { findPackOf, locateInPack, type LoadedPack } from "./pack.ts";

/** The policy levels that apply to one detection (its pack's, else the project's, else by origin). */
export function metadataLevelsOf(pack: LoadedPack, detection: Detection, policy: MetadataPolicy = EMPTY_METADATA_POLICY): Readonly<Record<MetadataItem, MetadataLevel>> {
  const owner = findPackOf(pack, resolve(detection.source.file));
  return resolveMetadataLevels(policy, owner ? { name: owner.name, imported: owner.importedFrom !== undefined } : undefined);
}

/** What a detection's tests cover: a firing fixture and a benign one make it `tested`. */
export function describeTestCoverage(detection: Detection): "tested" | "fires-only" | "benign-only" | "untested" {
  const fires = detection.tests.some((t) => t.expectAlerts > 0);
  const benign = detection.tests.some((t) => t.expectAlerts === 0);
  return fires && benign ? "tested" : fires ? "fires-only" : benign ? "benign-only" : "untested";
}

interface MissingItem {
  readonly item: MetadataItem;
  readonly code: string;
  readonly path: readonly PropertyKey[];
  /** What the detection lacks, or undefined when it has it. */
  readonly lacks: (d: Detection) => string | undefined;
}

const ITEMS: readonly MissingItem[] = [
  {
    item: "tests",
    code: "detection/missing-test",
    path: ["tests"],
    lacks(d) {
      const missing = [
        ...(d.tests.some((t) => t.expectAlerts > 0) ? [] : ["a fixture it must fire on (expectAlerts > 0)"]),
        ...(d.tests.some((t) => t.expectAlerts === 0) ? [] : ["a benign fixture it must stay silent on (expectAlerts: 0)"]),
      ];
      return missing.length > 0 ? missing.join(" and ") : undefined;
    },
  },
  { item: "falsePositives", code: "detection/missing-false-positives", path: ["falsePositives"], lacks: (d) => (d.falsePositives.length > 0 ? undefined : "false positives (say what benign activity looks like this, even if it is 'none known')") },
  { item: "guide", code: "detection/missing-guide", path: ["guide"], lacks: (d) => (d.guide.trim() !== "" ? undefined : "an investigation guide") },
  { item: "mitre", code: "detection/missing-mitre", path: ["mitre"], lacks: (d) => (d.mitre.length > 0 || (d.mitreTactics?.length ?? 0) > 0 ? undefined : "an ATT&CK mapping (a technique or tactic id)") },
];

export const METADATA_CODES = ITEMS.map((i) => i.code);

/** Every metadata item a detection lacks, as an error or a warning per the policy. */
export function checkMetadataPolicy(pack: LoadedPack, policy: MetadataPolicy = EMPTY_METADATA_POLICY): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of pack.detections) {
    const levels = metadataLevelsOf(pack, d, policy);
    for (const item of ITEMS) {
      const level = levels[item.item];
      if (level === "off") continue;
      const lacks = item.lacks(d);
      if (lacks === undefined) continue;
      out.push({
        severity: level === "required" ? "error" : "warning",
        code: item.code,
        message: `Detection "${d.id}" needs ${lacks}`,
        ...locateInPack(pack, d, item.path),
        ruleId: d.id,
        ...(level === "warn" ? { notes: [`metadataPolicy ${item.item}: warn (dac validate --strict makes this an error)`] } : {}),
      });
    }
  }
  return out;
}

/** `--strict`: every warning becomes an error, so CI can refuse what `warn` lets through. */
export function promoteWarnings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === "warning" ? { ...d, severity: "error" } : d));
}
