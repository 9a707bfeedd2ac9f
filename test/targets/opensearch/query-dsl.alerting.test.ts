import { RUNNERS } from "./cluster-harness.ts";
import { defineQueryDslDifferential } from "./query-dsl-differential.ts";

// Needs the Alerting plugin: the compiled monitor runs through the plugin's
// ad hoc `_execute` (dry run). The CI twin, query-dsl.int.test.ts, evaluates the
// same monitors with core APIs only.
defineQueryDslDifferential(RUNNERS.execute);
