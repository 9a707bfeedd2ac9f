/**
 * Sigma metadata -> detection module fields: level -> severity and risk score
 * (pySigma's Elastic risk scores), `attack.tNNNN` tags -> MITRE ids checked
 * against dac's ATT&CK catalogue (unknown ids are dropped with a note, never
 * written: they would fail validate), authors, references, false positives,
 * and the licence with its attribution.
 */
import { resolveMitreTechnique } from "../../detection/index.ts";
import type { SigmaMetadata } from "./rule-model.ts";

const LEVELS: Readonly<Record<string, { severity: "low" | "medium" | "high" | "critical"; riskScore: number }>> = {
  informational: { severity: "low", riskScore: 1 },
  low: { severity: "low", riskScore: 21 },
  medium: { severity: "medium", riskScore: 47 },
  high: { severity: "high", riskScore: 73 },
  critical: { severity: "critical", riskScore: 99 },
};

export interface MappedMetadata {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly riskScore: number;
  readonly mitre: string[];
  readonly tags: string[];
  readonly falsePositives: string[];
  readonly references: string[];
  readonly author: string[];
  readonly license: string;
  /** What the mapping dropped or assumed, for the module header. */
  readonly notes: string[];
}

export function slugify(text: string, max = 60): string {
  const slug = text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug.slice(0, max).replace(/-+$/, "") || "rule";
}

/** `<title-slug>-<first 8 hex of the UUID>`: readable, and stable across re-imports while the UUID is. */
export function detectionIdFor(meta: SigmaMetadata): string {
  const uuid = meta.id?.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8);
  return uuid ? `${slugify(meta.title, 50)}-${uuid}` : slugify(meta.title, 60);
}

export function mapMetadata(meta: SigmaMetadata, defaultLicense: string): MappedMetadata {
  const notes: string[] = [];
  const level = LEVELS[(meta.level ?? "medium").toLowerCase()] ?? LEVELS.medium!;
  if (meta.level === undefined) notes.push("no level: imported as medium");
  const mitre: string[] = [];
  const tags = ["sigma"];
  for (const tag of meta.tags) {
    const m = /^attack\.(t[0-9]{4}(?:\.[0-9]{3})?)$/i.exec(tag);
    if (m) {
      const id = m[1]!.toUpperCase();
      if (resolveMitreTechnique(id)) mitre.push(id);
      else notes.push(`ATT&CK ${id} is not in dac's catalogue: not mapped`);
    } else tags.push(tag);
  }
  if (meta.status) tags.push(`sigma-status:${meta.status}`);
  const references = meta.references.filter((r) => {
    try {
      return /^https?:$/.test(new URL(r).protocol);
    } catch {
      notes.push(`reference ${JSON.stringify(r)} is not a URL: dropped`);
      return false;
    }
  });
  const author = (meta.author ?? "").split(/,\s*|\s+and\s+/).map((a) => a.trim()).filter((a) => a !== "");
  return {
    id: detectionIdFor(meta),
    name: meta.title,
    description: meta.description?.trim() || meta.title,
    severity: level.severity,
    riskScore: level.riskScore,
    mitre: [...new Set(mitre)],
    tags: [...new Set(tags)],
    falsePositives: meta.falsepositives.filter((f) => f.trim() !== ""),
    references,
    author: author.length > 0 ? author : ["unknown (Sigma rule without author)"],
    license: meta.license ?? defaultLicense,
    notes,
  };
}

/** The header comment: where the module came from and the attribution its licence asks for. */
export function attributionHeader(meta: SigmaMetadata, _file: string, license: string): string {
  const lines = [
    `Sigma rule "${meta.title}"${meta.id ? ` (id ${meta.id})` : ""}${meta.author ? ` by ${meta.author}` : ""}.`,
    [meta.status ? `status: ${meta.status}` : "", meta.date ? `date: ${meta.date}` : "", meta.modified ? `modified: ${meta.modified}` : ""].filter(Boolean).join(", "),
    license === "DRL-1.1" ? "Licensed under the Detection Rule License (DRL) 1.1, https://github.com/SigmaHQ/Detection-Rule-License: keep this attribution." : `Licence: ${license}.`,
  ];
  return lines.filter((l) => l !== "").join("\n");
}
