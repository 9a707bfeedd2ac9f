import { loadDetections } from "/work/main/src/detection/index.ts";
import { loadEnvironments, resolveEnvironment } from "/work/main/src/config/index.ts";
import { runClusterReplay } from "/work/main/src/replay/cluster-replay.ts";
const pack = await loadDetections(["/work/main/detections"]);
console.log("detections", pack.detections.length, "diags", pack.diagnostics.filter(d => d.severity === "error").length);
const envs = loadEnvironments("/work/main/environments.yaml");
if (!envs.ok) throw new Error("envs");
const local = resolveEnvironment(envs.value, "local");
if (!local.ok) throw new Error("env");
const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));
const t0 = Date.now();
const report = await runClusterReplay({ target: { ...local.value, url: process.env.URL ?? "http://localhost:19207" }, detections: pack.detections, exceptions: pack.exceptions, environments, ownsCluster: true },
  async (title, run) => { const s = Date.now(); console.log(">", title); const r = await run((t) => console.log("  ", t)); console.log("<", title, Date.now() - s, "ms"); return r; });
for (const r of report.results) if (!r.passed) console.log("FAIL", r.detectionId, r.test, r.reason);
console.log(report.results.filter(r => r.passed).length, "/", report.results.length, JSON.stringify(report.stats), Date.now() - t0);
