import { readdirSync } from "node:fs";
import { installReplayTemplate } from "/work/main/src/replay/ecs-template.ts";
import { connectReplayClient, createReplayIndex, ingestEvents, deleteReplayIndices } from "/work/main/src/replay/ingest.ts";
import { rebaseEvents } from "/work/main/src/replay/rebase.ts";
import { readFixtureEvents } from "/work/main/src/replay/index.ts";
const client = connectReplayClient({ url: "http://localhost:19207" });
await installReplayTemplate(client);
const dir = "/work/main/detections/psexec/fixtures/";
const files = [...readdirSync(dir).filter(f => f.endsWith(".ndjson")), ...readdirSync(dir + "real").filter(f => f.endsWith(".ndjson")).map(f => "real/" + f)];
let n = 0;
for (const f of files) {
  const ev = readFixtureEvents(dir + f);
  const r = rebaseEvents(ev.map(e => e.source), { now: Date.now() });
  const idx = `dac-replay-try-${n++}`;
  await createReplayIndex(client, idx, r.events);
  const res = await ingestEvents(client, idx, r.events);
  console.log(f, res.indexed, "/", ev.length, res.errors.slice(0, 3), Math.round(res.tookMs));
}
const m = await client.indices.getMapping({ index: "dac-replay-try-0" });
const props = (m.body as any)["dac-replay-try-0"].mappings.properties;
console.log(JSON.stringify(props.winlog).slice(0, 400), JSON.stringify(props.process?.properties?.command_line));
await deleteReplayIndices(client, "dac-replay-try-*");
