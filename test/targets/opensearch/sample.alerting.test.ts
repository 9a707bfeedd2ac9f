import { RUNNERS } from "./cluster-harness.ts";
import { defineSampleDifferential } from "./sample-differential.ts";

// Needs the Alerting plugin: the compiled sample monitor runs through the
// plugin's ad hoc `_execute` (dry run). The CI twin, sample.int.test.ts,
// evaluates the same monitors with core APIs only.
defineSampleDifferential(RUNNERS.execute);
