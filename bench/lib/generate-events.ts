/**
 * Synthetic ECS process and network events for benchmarks: deterministic
 * (seeded PRNG), time-ordered, written as NDJSON and cached, so every run and
 * every engine reads the same bytes.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { once } from "node:events";

/** mulberry32: a tiny seeded PRNG; reproducible across runs and machines. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROCESSES = ["svchost.exe", "explorer.exe", "chrome.exe", "cmd.exe", "powershell.exe", "conhost.exe", "rundll32.exe", "msedge.exe", "taskhostw.exe", "services.exe", "lsass.exe", "wmiprvse.exe", "notepad.exe", "outlook.exe", "teams.exe"];
const PORTS = [443, 443, 443, 80, 53, 53, 445, 3389, 135, 8080];

/** One event line for index `i` at time `ts`. */
function makeEvent(i: number, ts: number, rnd: () => number, hosts: number): object {
  const host = Math.floor(rnd() * hosts);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const common = { "@timestamp": new Date(ts).toISOString(), event: { id: `e${i}`, kind: "event" }, host: { id: `host-${host}`, name: `ws${host}` } };
  if (rnd() < 0.7) {
    const name = pick(PROCESSES);
    return {
      ...common,
      event: { ...common.event, category: ["process"], type: ["start"] },
      process: {
        pid: 1000 + Math.floor(rnd() * 60000),
        name,
        executable: `C:\\Windows\\System32\\${name}`,
        args: [name, rnd() < 0.1 ? "-enc" : "/c", `arg${Math.floor(rnd() * 100)}`],
        parent: { name: pick(PROCESSES) },
      },
      user: { name: `user${Math.floor(rnd() * 50)}` },
    };
  }
  return {
    ...common,
    event: { ...common.event, category: ["network"], type: ["connection"] },
    source: { ip: `10.0.${host % 256}.${Math.floor(rnd() * 254) + 1}`, port: 49152 + Math.floor(rnd() * 16000) },
    destination: { ip: `192.168.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 254) + 1}`, port: pick(PORTS) },
    network: { transport: "tcp" },
  };
}

/** Writes `count` events to `file` unless it already exists; returns the file. */
export async function ensureEventsFile(file: string, count: number, hosts = 2000): Promise<string> {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const rnd = seededRandom(42);
  let ts = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    ts += Math.floor(rnd() * 6);
    if (!out.write(JSON.stringify(makeEvent(i, ts, rnd, hosts)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(tmp, file);
  return file;
}
