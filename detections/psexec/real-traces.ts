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

export const AUTHOR = ["dac detection engineering"];

/*
 * Replay tests over the PsExec look-alike fixtures (fixtures/tool-families.ts, one file per tool
 * family and data world) and over the benign set of each data world. They live in this file, beside
 * the real-trace tests, because a module copied out of the pack (test/replay) imports this file by
 * path, and the module loader links only the imports of the module it loads.
 */
export type DataWorld = "sec" | "sysmon" | "defend";

const WORLD_LABEL: Record<DataWorld, string> = { sec: "Security/System only", sysmon: "Sysmon only", defend: "Elastic Defend only" };

/** Fixture stem -> the tool it models (tool-families.ts has the source each was written from). */
export const TOOL_FAMILIES = {
  "metasploit-psexec": "Metasploit psexec (service exe)",
  "metasploit-psexec-psh": "Metasploit psexec_psh",
  "impacket-smbexec": "Impacket smbexec",
  "netexec-smbexec": "NetExec/CrackMapExec smbexec",
  "impacket-psexec": "Impacket psexec (RemCom)",
  "empire-invoke-psexec": "Empire Invoke-PsExec",
  "invoke-smbexec": "Empire Invoke-SMBExec",
  "covenant-sharpsc": "Covenant SharpSC",
  "cobaltstrike-psexec64": "Cobalt Strike jump psexec64",
  "cobaltstrike-psexec-psh": "Cobalt Strike jump psexec_psh",
  "sliver-psexec": "Sliver psexec (defaults)",
  "sliver-psexec-renamed": "Sliver psexec (custom service name)",
  paexec: "PAExec",
  csexec: "CSExec",
  tchopper: "Tchopper",
  "meterpreter-getsystem": "Meterpreter getsystem",
} as const;

export type ToolFamily = keyof typeof TOOL_FAMILIES;

/** Alerts per data world: a count, or 0 for a world where the detection must stay silent. */
export type Expected = Partial<Record<DataWorld, number>>;

/** One test per (family, world) listed: the family's fixture for that world must raise that many alerts. */
export function toolFamilyTests(expected: Partial<Record<ToolFamily, Expected>>) {
  return (Object.keys(expected) as ToolFamily[]).flatMap((family) =>
    (Object.entries(expected[family] ?? {}) as [DataWorld, number][]).map(([world, alerts]) => {
      const host = `${family}-${world}`;
      return {
        name: `${TOOL_FAMILIES[family]}, ${WORLD_LABEL[world]}: ${alerts > 0 ? `${alerts} alert${alerts > 1 ? "s" : ""}` : "silent"}`,
        fixture: `fixtures/attack-tool-${host}.ndjson`,
        expectAlerts: alerts,
        ...(alerts > 0 ? { expectEntity: host } : {}),
      };
    }),
  );
}

/** The benign set of each data world the detection reads, on which it must stay silent. */
export function benignSetTests(worlds: readonly DataWorld[]) {
  return worlds.map((world) => ({
    name: `benign: service installs (Npcap, Office C2R, browser updaters, printer driver, EDR, RMM, Windows Update, svchost -k) and other lateral movement (WMI, WinRM, DCOM, scheduled task, RDP), ${WORLD_LABEL[world]}: silent`,
    fixture: `fixtures/benign-installs-and-lateral-movement-${world}.ndjson`,
    expectAlerts: 0,
  }));
}
