import { RUNNERS } from "./cluster-harness.ts";
import { definePackDifferential } from "./pack-differential.ts";

// Needs the Alerting plugin: the compiled monitor runs through the plugin's
// ad hoc `_execute` (dry run). The CI twin, pack.int.test.ts, evaluates the
// same monitors with core APIs only.
await definePackDifferential(RUNNERS.execute);
