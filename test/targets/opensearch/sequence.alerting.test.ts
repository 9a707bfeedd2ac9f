import { RUNNERS } from "./cluster-harness.ts";
import { defineSequenceDifferential } from "./sequence-differential.ts";

// Needs the Alerting plugin: the compiled monitor runs through the plugin's
// ad hoc `_execute` (dry run). The CI twin, sequence.int.test.ts, evaluates the
// same monitors with core APIs only.
defineSequenceDifferential(RUNNERS.execute);
