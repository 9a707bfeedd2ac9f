import { deriveReplayMappings } from "/work/main/src/replay/ecs-template.ts";
const m = deriveReplayMappings() as any;
console.log(JSON.stringify(m.properties.dll.properties.pe.properties.sections), JSON.stringify(m.properties.source.properties.ip), JSON.stringify(m.properties.message), JSON.stringify(m.properties.host.properties.cpu));
const r = await fetch("http://localhost:19207/dac-replay-full", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ mappings: m }) });
console.log(JSON.stringify(await r.json()).slice(0, 500));
await fetch("http://localhost:19207/dac-replay-full", { method: "DELETE" });
