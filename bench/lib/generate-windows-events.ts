/**
 * Synthetic ECS Windows events for the scan and monitor benchmarks, as
 * Winlogbeat / Elastic Agent ship them: Security (logons 4624/4625/4634,
 * process creation 4688, share access 5140/5145, service install 4697),
 * System (service control 7036, 7045 installs) and Sysmon (1 process,
 * 3 network, 11 file, 13 registry, 17/18 pipes) over many hosts, time-ordered,
 * deterministic (seeded PRNG). `psexecRate` of the events (default 0.1%) are
 * PsExec-relevant: one step of a PsExec run (ADMIN$ write of PSEXESVC.exe,
 * the service install, the PSEXESVC pipes, the shell it starts) on one host.
 * Written from the tools' documented event shapes, not from recorded logs.
 */
import { seededRandom } from "./generate-events.ts";

const PROCESSES = ["svchost.exe", "explorer.exe", "chrome.exe", "msedge.exe", "taskhostw.exe", "conhost.exe", "OneDrive.exe", "Teams.exe", "outlook.exe", "wmiprvse.exe", "SearchIndexer.exe", "cmd.exe", "powershell.exe", "rundll32.exe"];
const SERVICES = ["Windows Update", "BITS", "Print Spooler", "WinHTTP Web Proxy Auto-Discovery Service", "Background Tasks Infrastructure Service", "Windows Defender Antivirus Service"];
const USERS = 400;

export interface WindowsEventOptions {
  readonly hosts?: number;
  readonly psexecRate?: number;
  readonly seed?: number;
  /** Epoch millis of the first event. */
  readonly start?: number;
  /** Mean gap between events in ms (default 3: 100k events span ~5 minutes). */
  readonly meanGapMs?: number;
}

/** An endless, time-ordered stream of events. */
export function* generateWindowsEvents(options: WindowsEventOptions = {}): Generator<Record<string, unknown>> {
  const rnd = seededRandom(options.seed ?? 7);
  const hosts = options.hosts ?? 5000;
  const psexecRate = options.psexecRate ?? 0.001;
  const gap = (options.meanGapMs ?? 3) * 2;
  let ts = options.start ?? Date.UTC(2026, 2, 2, 9, 0, 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  for (let i = 0; ; i++) {
    ts += rnd() * gap;
    const h = Math.floor(rnd() * hosts);
    const host = { name: `WS${String(h).padStart(5, "0")}`, hostname: `ws${h}`, os: { family: "windows", platform: "windows" } };
    const base = { "@timestamp": new Date(Math.floor(ts)).toISOString(), host, agent: { type: "winlogbeat", version: "8.17.2" }, ecs: { version: "8.11.0" } };
    const user = `user${Math.floor(rnd() * USERS)}`;
    const r = rnd();
    if (r < psexecRate) {
      yield psexecStep(base, h, user, rnd);
      continue;
    }
    const kind = rnd();
    if (kind < 0.35) yield security(base, user, rnd, pick, hosts);
    else if (kind < 0.45) yield system(base, pick);
    else yield sysmon(base, user, rnd, pick);
  }
}

function security(base: Record<string, unknown>, user: string, rnd: () => number, pick: <T>(xs: readonly T[]) => T, hosts: number): Record<string, unknown> {
  const k = rnd();
  const winlog = (code: string, event_data: Record<string, unknown>) => ({ ...base, event: { code, kind: "event", module: "system", dataset: "system.security", provider: "Microsoft-Windows-Security-Auditing" }, winlog: { channel: "Security", event_id: Number(code), event_data } });
  const src = `10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 254) + 1}`;
  if (k < 0.45) return { ...winlog("4624", { LogonType: pick(["2", "3", "3", "3", "10"]), TargetUserName: user }), user: { name: user }, source: { ip: src }, event: { code: "4624", category: ["authentication"], type: ["start"], outcome: "success", kind: "event", module: "system", dataset: "system.security" } };
  if (k < 0.55) return { ...winlog("4625", { LogonType: "3", TargetUserName: user }), user: { name: user }, source: { ip: src } };
  if (k < 0.7) return { ...winlog("4634", { TargetUserName: user }), user: { name: user } };
  if (k < 0.85) {
    const name = pick(PROCESSES);
    return { ...winlog("4688", { NewProcessName: `C:\\Windows\\System32\\${name}`, ParentProcessName: "C:\\Windows\\explorer.exe" }), process: { name, executable: `C:\\Windows\\System32\\${name}`, parent: { name: "explorer.exe" } }, user: { name: user }, event: { code: "4688", category: ["process"], type: ["start"], kind: "event", module: "system", dataset: "system.security" } };
  }
  const share = pick(["\\\\*\\IPC$", "\\\\*\\SYSVOL", "\\\\*\\C$", "\\\\*\\ADMIN$"]);
  // Benign share access: reads, or writes of non-executables.
  return { ...winlog(rnd() < 0.5 ? "5140" : "5145", { ShareName: share, RelativeTargetName: pick(["srvsvc", "Policies\\gpt.ini", "Temp\\report.docx", "Windows\\Temp\\log.txt"]), AccessList: "%%4416", IpAddress: src }), user: { name: user }, source: { ip: src }, related: { hosts: [`ws${Math.floor(rnd() * hosts)}`] } };
}

function system(base: Record<string, unknown>, pick: <T>(xs: readonly T[]) => T): Record<string, unknown> {
  return { ...base, event: { code: "7036", kind: "event", module: "system", dataset: "system.system", provider: "Service Control Manager" }, winlog: { channel: "System", event_id: 7036, event_data: { param1: pick(SERVICES), param2: pick(["running", "stopped"]) } } };
}

function sysmon(base: Record<string, unknown>, user: string, rnd: () => number, pick: <T>(xs: readonly T[]) => T): Record<string, unknown> {
  const k = rnd();
  const sm = (code: string, category: string[], type: string[]) => ({ ...base, event: { code, category, type, kind: "event", module: "sysmon", dataset: "windows.sysmon_operational", provider: "Microsoft-Windows-Sysmon" }, winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: Number(code) } });
  const name = pick(PROCESSES);
  const proc = { name, executable: `C:\\Windows\\System32\\${name}`, pid: 1000 + Math.floor(rnd() * 60000), entity_id: `{${Math.floor(rnd() * 1e9).toString(16)}}` };
  if (k < 0.3) return { ...sm("1", ["process"], ["start"]), process: { ...proc, command_line: `${name} /arg${Math.floor(rnd() * 100)}`, parent: { name: pick(PROCESSES), executable: `C:\\Windows\\${pick(PROCESSES)}` }, pe: { original_file_name: name } }, user: { name: user } };
  if (k < 0.6) return { ...sm("3", ["network"], ["connection"]), process: proc, source: { ip: `10.1.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 254) + 1}`, port: 49152 + Math.floor(rnd() * 16000) }, destination: { ip: `52.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 254) + 1}`, port: pick([443, 443, 80, 53]) }, network: { transport: "tcp" } };
  if (k < 0.8) return { ...sm("11", ["file"], ["creation"]), process: proc, file: { path: `C:\\Users\\${user}\\AppData\\Local\\Temp\\tmp${Math.floor(rnd() * 1e6)}.tmp`, name: `tmp${Math.floor(rnd() * 1e6)}.tmp` } };
  if (k < 0.93) return { ...sm("13", ["registry"], ["change"]), process: proc, registry: { path: `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\${name}`, value: name } };
  return { ...sm(pick(["17", "18"]), ["network"], ["connection"]), process: proc, file: { name: pick(["\\srvsvc", "\\wkssvc", "\\lsarpc", "\\mojo.1234.5678"]) }, winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: 18, event_data: { PipeName: pick(["\\srvsvc", "\\wkssvc", "\\lsarpc"]) } } };
}

/** One step of a PsExec run from an admin workstation onto host `h`. */
function psexecStep(base: Record<string, unknown>, _h: number, user: string, rnd: () => number): Record<string, unknown> {
  const src = `10.9.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 254) + 1}`;
  const step = Math.floor(rnd() * 5);
  if (step === 0) {
    return { ...base, event: { code: "5145", kind: "event", module: "system", dataset: "system.security" }, winlog: { channel: "Security", event_id: 5145, event_data: { ShareName: "\\\\*\\ADMIN$", RelativeTargetName: "PSEXESVC.exe", AccessList: "%%4417 %%4418", IpAddress: src } }, user: { name: user }, source: { ip: src } };
  }
  if (step === 1) {
    return { ...base, event: { code: "7045", kind: "event", module: "system", dataset: "system.system", provider: "Service Control Manager" }, winlog: { channel: "System", event_id: 7045, event_data: { ServiceName: "PSEXESVC", ImagePath: "%SystemRoot%\\PSEXESVC.exe", ServiceType: "user mode service", StartType: "demand start", AccountName: "LocalSystem" } }, service: { name: "PSEXESVC" } };
  }
  if (step === 2) {
    return { ...base, event: { code: "17", category: ["network"], type: ["connection"], kind: "event", module: "sysmon", dataset: "windows.sysmon_operational" }, winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: 17, event_data: { PipeName: "\\PSEXESVC" } }, file: { name: "\\PSEXESVC" }, process: { name: "PSEXESVC.exe", executable: "C:\\Windows\\PSEXESVC.exe" } };
  }
  if (step === 3) {
    return { ...base, event: { code: "1", category: ["process"], type: ["start"], kind: "event", module: "sysmon", dataset: "windows.sysmon_operational" }, winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: 1 }, process: { name: "PSEXESVC.exe", executable: "C:\\Windows\\PSEXESVC.exe", command_line: "C:\\Windows\\PSEXESVC.exe", pe: { original_file_name: "psexesvc.exe" }, parent: { name: "services.exe", executable: "C:\\Windows\\System32\\services.exe" } }, user: { name: "SYSTEM" } };
  }
  return { ...base, event: { code: "1", category: ["process"], type: ["start"], kind: "event", module: "sysmon", dataset: "windows.sysmon_operational" }, winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: 1 }, process: { name: "cmd.exe", executable: "C:\\Windows\\System32\\cmd.exe", command_line: "cmd.exe", pe: { original_file_name: "Cmd.Exe" }, parent: { name: "PSEXESVC.exe", executable: "C:\\Windows\\PSEXESVC.exe" } }, user: { name: user } };
}
