import { loadDetections, locateInPack } from "/work/main/src/detection/index.ts";
const pack = await loadDetections(["detections"]);
const d = pack.detections[0]!;
console.log(d.source.file, d.tests[0]!.fixture, JSON.stringify(locateInPack(pack, d, ["tests", 0])), JSON.stringify(locateInPack(pack, d, ["tests", d.tests.length - 1])));
