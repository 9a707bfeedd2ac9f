/**
 * Replay tests over the three real OTRF traces (fixtures/real, MIT): the pack
 * must alert on the PsExec run on WORKSTATION5 and stay silent on the SMB copy
 * and the scheduled-task traces. Each detection states its own count on the
 * PsExec trace (0 when the trace lacks the telemetry it reads).
 */
export function realTraceTests(psexecAlerts: number) {
  return [
    {
      name: "real: PsExec LSA secrets dump (OTRF SDWIN-201019033054)",
      fixture: "fixtures/real/psexec-lsa-secrets-dump.ecs.ndjson",
      expectAlerts: psexecAlerts,
      ...(psexecAlerts > 0 ? { expectEntity: "WORKSTATION5" } : {}),
    },
    { name: "real: Covenant file copy over SMB (benign for PsExec)", fixture: "fixtures/real/benign-smb-file-copy.ecs.ndjson", expectAlerts: 0 },
    { name: "real: scheduled task creation (benign for PsExec)", fixture: "fixtures/real/scheduled-task-create.ecs.ndjson", expectAlerts: 0 },
  ];
}

// The look-alike and benign-set tests live beside the real ones, so a module imports its tests from one place.
export { benignSetTests, toolFamilyTests } from "./tool-family-tests.ts";

export const AUTHOR = ["dac detection engineering"];
