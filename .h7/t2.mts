import { buildReplayIndexTemplate } from "/work/main/src/replay/ecs-template.ts";
const r = await fetch("http://localhost:19207/_index_template/x", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(buildReplayIndexTemplate()) });
console.log(JSON.stringify(await r.json()).slice(0, 1500));
