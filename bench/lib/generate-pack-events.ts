/**
 * Synthetic Windows telemetry for the scan benchmark, in the shapes the PsExec pack reads:
 * Security (4624, 4688, 5145, 4697), System (7045, 7036, 7000), Sysmon (1, 3, 11, 13, 17/18) and
 * Elastic Defend (process, file, registry), over many hosts, with the rare service install, svcctl
 * access and network logon that keep the pack's sequences busy. Deterministic (seeded), cached.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { once } from "node:events";
import { seededRandom } from "./generate-events.ts";

const PROCS = ["svchost.exe", "explorer.exe", "chrome.exe", "cmd.exe", "powershell.exe", "conhost.exe", "rundll32.exe", "msedge.exe", "taskhostw.exe", "WmiPrvSE.exe", "outlook.exe", "teams.exe"];
const PARENTS = ["explorer.exe", "services.exe", "svchost.exe", "cmd.exe", "userinit.exe", "WmiPrvSE.exe"];
const SHARES = ["\\\\*\\IPC$", "\\\\*\\C$", "\\\\*\\ADMIN$", "\\\\*\\SYSVOL", "\\\\*\\NETLOGON"];
const PIPES = ["srvsvc", "svcctl", "lsarpc", "winreg", "samr", "atsvc"];
const IMAGE_PATHS = ['"C:\\Program Files\\Vendor\\agent.exe"', "C:\\Windows\\system32\\svchost.exe -k netsvcs -p", "\\SystemRoot\\system32\\DRIVERS\\filter.sys", '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /svc'];

function makeEvent(i: number, ts: number, rnd: () => number, hosts: number): object {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const host = `ws${Math.floor(rnd() * hosts)}`;
  const base = { "@timestamp": new Date(ts).toISOString(), host: { name: host } };
  const winlog = (channel: string, code: string, data: Record<string, string>) => ({ channel, event_id: code, record_id: String(i), event_data: data });
  const r = rnd();
  const proc = pick(PROCS);
  const parent = pick(PARENTS);
  const processFields = { pid: 1000 + (i % 60000), name: proc, executable: `C:\\Windows\\System32\\${proc}`, command_line: `${proc} /c arg${i % 97}`, args_count: 3, parent: { name: parent, executable: `C:\\Windows\\System32\\${parent}` } };
  if (r < 0.25) return { ...base, event: { code: "1", category: ["process"], type: ["start"] }, winlog: winlog("Microsoft-Windows-Sysmon/Operational", "1", {}), process: processFields };
  if (r < 0.37) return { ...base, event: { code: "3", category: ["network"], type: ["connection"] }, winlog: winlog("Microsoft-Windows-Sysmon/Operational", "3", {}), destination: { port: pick([443, 445, 135, 53]) } };
  if (r < 0.45) {
    const path = rnd() < 0.05 ? `C:\\Windows\\t${i % 500}.exe` : `C:\\Users\\u${i % 50}\\AppData\\Local\\Temp\\f${i % 1000}.tmp`;
    return { ...base, event: { code: "11", category: ["file"], type: ["creation"] }, winlog: winlog("Microsoft-Windows-Sysmon/Operational", "11", {}), file: { path }, process: { pid: rnd() < 0.2 ? 4 : 3000, name: proc } };
  }
  if (r < 0.53) {
    const service = rnd() < 0.1;
    return {
      ...base, event: { code: "13", category: ["registry"], type: ["change"] }, winlog: winlog("Microsoft-Windows-Sysmon/Operational", "13", {}),
      process: { name: service ? "services.exe" : proc },
      registry: { path: service ? `HKLM\\System\\CurrentControlSet\\Services\\svc${i % 300}\\ImagePath` : `HKU\\S-1-5-21\\Software\\Vendor\\k${i % 100}`, data: { strings: [pick(IMAGE_PATHS)] } },
    };
  }
  if (r < 0.56) return { ...base, event: { code: pick(["17", "18"]), category: ["file"], type: ["creation"] }, winlog: winlog("Microsoft-Windows-Sysmon/Operational", "17", {}), file: { name: `\\${pick(PIPES)}` } };
  if (r < 0.66) {
    const user = rnd() < 0.5 ? `${host}$` : `user${i % 50}`;
    return { ...base, event: { code: "4624", category: ["authentication"], type: ["start"] }, winlog: winlog("Security", "4624", { LogonType: pick(["3", "3", "2", "5"]), TargetUserName: user, IpAddress: `10.0.${i % 256}.${(i >> 8) % 254}`, TargetLogonId: `0x${i.toString(16)}` }), source: { ip: `10.0.${i % 256}.${(i >> 8) % 254}` }, user: { name: user } };
  }
  if (r < 0.74) return { ...base, event: { code: "4688", category: ["process"], type: ["start"] }, winlog: winlog("Security", "4688", {}), process: processFields };
  if (r < 0.82) {
    const share = pick(SHARES);
    return { ...base, event: { code: "5145", category: ["network", "file"], type: ["info"] }, winlog: winlog("Security", "5145", { ShareName: share, RelativeTargetName: share.endsWith("IPC$") ? pick(PIPES) : `dir\\f${i % 100}.exe`, AccessList: rnd() < 0.3 ? "%%4416 %%4417" : "%%4416" }), source: { ip: `10.0.${i % 256}.7` }, user: { name: `user${i % 50}` } };
  }
  if (r < 0.9) return { ...base, event: { code: "7036" }, winlog: winlog("System", "7036", { param1: `Service ${i % 300}`, param2: "running" }) };
  if (r < 0.905) return { ...base, event: { code: "7045" }, winlog: winlog("System", "7045", { ServiceName: `svc${i % 300}`, ImagePath: pick(IMAGE_PATHS), ServiceType: "user mode service" }) };
  if (r < 0.91) return { ...base, event: { code: "4697" }, winlog: winlog("Security", "4697", { ServiceName: `svc${i % 300}`, ServiceFileName: pick(IMAGE_PATHS), ServiceType: "0x10" }) };
  if (r < 0.912) return { ...base, event: { code: "7000" }, winlog: winlog("System", "7000", { param1: `svc${i % 300}`, param2: "%%1053" }) };
  if (r < 0.95) return { ...base, event: { category: ["process"], type: ["start"] }, process: processFields };
  if (r < 0.98) return { ...base, event: { category: ["file"], type: ["creation"] }, file: { path: `C:\\ProgramData\\f${i % 1000}.dat` }, process: { pid: 3000, name: proc } };
  return { ...base, event: { category: ["registry"], type: ["change"] }, process: { name: "services.exe" }, registry: { path: `HKLM\\SYSTEM\\ControlSet001\\Services\\svc${i % 300}\\ImagePath`, data: { strings: [pick(IMAGE_PATHS)] } } };
}

/** Writes `count` Windows events to `file` unless it already exists; returns the file. */
export async function ensureWindowsEventsFile(file: string, count: number, hosts = 500): Promise<string> {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const rnd = seededRandom(15);
  let ts = Date.UTC(2026, 3, 1);
  for (let i = 0; i < count; i++) {
    ts += Math.floor(rnd() * 20);
    if (!out.write(JSON.stringify(makeEvent(i, ts, rnd, hosts)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(tmp, file);
  return file;
}
