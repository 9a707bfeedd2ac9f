import { join } from "node:path";
import { readOpenSearchExport } from "./export-opensearch.ts";
import { renderDetectionModule } from "../importers/index.ts";
import { translateKibanaRule } from "./export-kibana.ts";
import { slugify, translateUnmanagedMonitor } from "./export-monitor.ts";
import type { FieldNotes } from "../importers/index.ts";
import type { OpenSearchHttp } from "./clients/opensearch-client.ts";
import type { ExportedLiveObject, JsonObject, TargetAdapter } from "./target.ts";

/** One module file to write (paths relative to the export folder). */
export interface ExportedModule {
  readonly id: string;
  readonly managed: boolean;
  readonly path: string;
  readonly text: string;
}

/** A live object that did not become a module, and why. */
export interface ExportSkip {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

export interface ExportResult {
  readonly target: { readonly kind: string; readonly location: string };
  readonly modules: readonly ExportedModule[];
  readonly skipped: readonly ExportSkip[];
}

/**
 * Reads every rule/monitor of one target and returns detection modules:
 * managed objects exactly as their code was (`<out>/<id>.ts`), unmanaged ones
 * translated where the Query DSL allows (`<out>/unmanaged/<id>.ts`, with TODOs
 * for what a monitor cannot say: MITRE techniques and data sources; Kibana
 * EQL rules likewise, other Kibana rule types are skipped). Writes
 * nothing itself; the CLI writes the files.
 */
export async function exportTarget(adapter: TargetAdapter, outDir: string): Promise<ExportResult> {
  const objects = await readExportObjects(adapter);
  const modules: ExportedModule[] = [];
  const skipped: ExportSkip[] = [];
  const taken = new Set<string>();
  for (const object of [...objects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (object.skipReason !== undefined) {
      skipped.push({ id: object.id, name: object.name, reason: object.skipReason });
      continue;
    }
    if (object.managed && object.detection) {
      if (taken.has(object.id)) {
        skipped.push({ id: object.id, name: object.name, reason: "a second monitor with this detection id (a duplicate; the next deploy removes it)" });
        continue;
      }
      taken.add(object.id);
      const path = `${object.id}.ts`;
      modules.push({ id: object.id, managed: true, path, text: renderManaged(object.detection, join(outDir, path), object.notes) });
      continue;
    }
    const unmanaged = translateUnmanaged(adapter.kind, object);
    if (!unmanaged.ok) {
      skipped.push({ id: unmanaged.remoteId, name: object.name, reason: unmanaged.reason });
      continue;
    }
    let id = String(unmanaged.detection.id);
    while (taken.has(id)) id = `${id}-${slugify(unmanaged.remoteId).slice(0, 6) || "x"}`;
    taken.add(id);
    const path = `unmanaged/${id}.ts`;
    const detection = { ...unmanaged.detection, id };
    modules.push({ id, managed: false, path, text: renderDetectionModule(detection, join(outDir, path), unmanaged.notes, unmanaged.header) });
  }
  return { target: { kind: adapter.kind, location: adapter.location }, modules, skipped };
}

type UnmanagedModule =
  | { readonly ok: true; readonly remoteId: string; readonly detection: JsonObject; readonly notes: FieldNotes; readonly header: string }
  | { readonly ok: false; readonly remoteId: string; readonly reason: string };

const REVIEW = "Review it, fill in the TODOs, then move it next to the other detections.";

/** An object dac did not deploy -> module fields with TODO notes, per target, or why not. */
function translateUnmanaged(kind: TargetAdapter["kind"], object: ExportedLiveObject): UnmanagedModule {
  if (kind === "elastic") {
    const remoteId = typeof object.raw.rule_id === "string" ? object.raw.rule_id : object.id;
    const translated = translateKibanaRule(object.raw, false);
    if (!translated.ok) return { ok: false, remoteId, reason: translated.reason };
    const header = `Exported by dac from the unmanaged Kibana rule "${object.name}" (rule_id ${remoteId}).\n${REVIEW}`;
    return { ok: true, remoteId, detection: translated.detection, notes: translated.notes, header };
  }
  const remoteId = typeof object.raw._id === "string" ? object.raw._id : object.id;
  const translated = translateUnmanagedMonitor(object.raw, remoteId);
  if (!translated.ok) return { ok: false, remoteId, reason: translated.reason };
  const notes = { mitre: "add the ATT&CK technique ids this detects", dataSources: "say which telemetry this reads" };
  const header = `Exported by dac from the unmanaged OpenSearch monitor "${object.name}" (${remoteId}).\n${REVIEW}`;
  return { ok: true, remoteId, detection: translated.detection, notes, header };
}

/** The detection fields dac embedded, renamed back to the module's spelling. */
function renderManaged(fields: JsonObject, file: string, notes: FieldNotes = {}): string {
  const { exceptionNames, ...rest } = fields;
  const detection: JsonObject = { ...rest };
  if (Array.isArray(exceptionNames) && exceptionNames.length > 0) detection.exceptions = exceptionNames;
  return renderDetectionModule(detection, file, notes, "Exported by dac from a deployed detection. Replay tests are not stored on the target; add them back.");
}

async function readExportObjects(adapter: TargetAdapter): Promise<readonly ExportedLiveObject[]> {
  if (adapter.exportLive) return adapter.exportLive();
  const http = (adapter as { http?: OpenSearchHttp }).http;
  if (adapter.kind === "opensearch" && http) return readOpenSearchExport(http);
  throw new Error(`export is not supported for ${adapter.kind} ${adapter.location} yet (its adapter has no exportLive)`);
}
