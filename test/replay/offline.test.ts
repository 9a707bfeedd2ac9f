import { describe, expect, it } from "vitest";
import { loadDetections, resolveDetection, type ResolvedDetection } from "../../src/detection/index.ts";
import { loadEnvironments } from "../../src/config/index.ts";
import { readFixtureEvents, runDetectionOffline } from "../../src/replay/index.ts";

const pack = await loadDetections(["detections/psexec"]);
const envs = loadEnvironments("environments.yaml");
if (!envs.ok) throw new Error("environments.yaml must load");
const values = envs.value.environments.test!.exceptionValues;
const FIX = "detections/psexec/fixtures";

function resolved(id: string, withExceptions = true): ResolvedDetection {
  const detection = pack.detections.find((d) => d.id === id)!;
  const r = resolveDetection(detection, values, pack.exceptions);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return withExceptions ? r.value : { ...r.value, exceptions: [] };
}

const run = (id: string, fixture: string, withExceptions = true) => runDetectionOffline(resolved(id, withExceptions), readFixtureEvents(`${FIX}/${fixture}`));

describe("runDetectionOffline", () => {
  it("returns one alert per sequence with entity, timestamps and event ids", () => {
    const alerts = run("psexec-service-then-shell", "attack-psexec-remote.ndjson");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ detectionId: "psexec-service-then-shell", severity: "critical", entity: "FS01", firstTimestamp: "2026-03-02T09:14:05.184Z", lastTimestamp: "2026-03-02T09:14:05.420Z" });
    expect(alerts[0]!.events.map((e) => e.id)).toEqual([expect.stringMatching(/^attack-psexec-remote\.ndjson:\d+$/), expect.stringMatching(/^attack-psexec-remote\.ndjson:\d+$/)]);
  });

  it("returns one alert per matching event for event queries", () => {
    const alerts = run("psexesvc-service-installed", "attack-psexec-remote.ndjson");
    expect(alerts.map((a) => a.entity)).toEqual(["FS01", "FS01"]);
  });

  it("caps alerts at maxSignals, keeping the most recent (tail)", () => {
    const capped = { ...resolved("psexec-named-pipes"), maxSignals: 1 };
    const alerts = runDetectionOffline(capped, readFixtureEvents(`${FIX}/attack-psexec-remote.ndjson`));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.firstTimestamp).toBe("2026-03-02T09:14:05.330Z");
  });
});

// Each exception scenario: the excepted run is silent only because of the exception,
// and the unexcepted twin still fires.
const exceptionCases = [
  { id: "admin-share-write-from-non-admin-source", excepted: "benign-it-admin-remediation.ndjson", twins: ["attack-admin-account-unlisted-host.ndjson", "attack-unlisted-account-admin-host.ndjson"] },
  { id: "admin-share-binary-then-service-install", excepted: "benign-it-admin-remediation.ndjson", twins: ["attack-admin-account-unlisted-host.ndjson", "attack-unlisted-account-admin-host.ndjson"] },
  { id: "admin-share-write-from-non-admin-source", excepted: "benign-patch-management.ndjson", twins: ["attack-patch-push-unlisted-ip.ndjson"] },
  { id: "admin-share-binary-then-service-install", excepted: "benign-patch-management.ndjson", twins: ["attack-patch-push-unlisted-ip.ndjson"] },
  { id: "service-spawned-suspicious-command", excepted: "benign-rmm-tools.ndjson", twins: ["attack-rmm-impostor-unsigned.ndjson"] },
  { id: "network-logon-then-service-install", excepted: "benign-it-admin-remediation.ndjson", twins: ["attack-admin-account-unlisted-host.ndjson", "attack-unlisted-account-admin-host.ndjson"] },
  { id: "network-logon-then-service-install", excepted: "benign-patch-management.ndjson", twins: ["attack-patch-push-unlisted-ip.ndjson"] },
  // The admin jump host pushing an agent with `sc \\host create` (4624 + 5145 svcctl, then 7045/4697).
  { id: "network-logon-then-service-install", excepted: "benign-installs-and-lateral-movement-sec.ndjson", twins: [] },
  { id: "svcctl-pipe-then-service-install", excepted: "benign-installs-and-lateral-movement-sec.ndjson", twins: [] },
];

describe("exceptions filter events before the EQL runs", () => {
  it.each(exceptionCases)("$id: $excepted is suppressed, its twins fire", ({ id, excepted, twins }) => {
    expect(run(id, excepted)).toEqual([]);
    expect(run(id, excepted, false).length).toBeGreaterThan(0);
    for (const twin of twins) expect(run(id, twin), twin).toHaveLength(1);
  });

  it("suppresses RMM runs for all three vendors (three hosts without exceptions)", () => {
    expect(run("service-spawned-suspicious-command", "benign-rmm-tools.ndjson", false).map((a) => a.entity)).toEqual(["sales-ws01", "sales-ws02", "sales-ws03"]);
  });

  it("removes an excepted event from the middle of a sequence, so the sequence never completes", () => {
    // The ADMIN$ write (stage 1) is excepted; the service install (stage 2) alone cannot alert.
    const events = readFixtureEvents(`${FIX}/benign-it-admin-remediation.ndjson`);
    expect(events.some((e) => (e.source.event as { code: string }).code === "7045")).toBe(true);
    expect(runDetectionOffline(resolved("admin-share-binary-then-service-install"), events)).toEqual([]);
  });
});

describe("real OTRF traces", () => {
  const REAL = "real";
  const all = () => pack.detections.map((d) => resolved(d.id));
  const scan = (file: string) => {
    const events = readFixtureEvents(`${FIX}/${REAL}/${file}`);
    return all().flatMap((d) => runDetectionOffline(d, events));
  };

  it("alerts on the PsExec run, all on WORKSTATION5", () => {
    const alerts = scan("psexec-lsa-secrets-dump.ecs.ndjson");
    expect(new Set(alerts.map((a) => a.entity))).toEqual(new Set(["WORKSTATION5"]));
    expect(alerts.map((a) => a.detectionId).sort()).toEqual([
      "psexec-named-pipes", "psexec-named-pipes", "psexec-named-pipes", "psexec-named-pipes",
      "psexesvc-service-installed", "psexesvc-service-installed",
      "psexesvc-started-by-services", "psexesvc-started-by-services",
      "service-binary-dropped-then-installed",
      "service-installed-with-suspicious-image-path", "service-installed-with-suspicious-image-path",
    ]);
  });

  it("stays silent on the SMB file copy and the scheduled task", () => {
    expect(scan("benign-smb-file-copy.ecs.ndjson")).toEqual([]);
    expect(scan("scheduled-task-create.ecs.ndjson")).toEqual([]);
  });
});
