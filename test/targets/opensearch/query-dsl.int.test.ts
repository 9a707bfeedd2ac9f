import { RUNNERS } from "./cluster-harness.ts";
import { defineQueryDslDifferential } from "./query-dsl-differential.ts";

// CI-runnable (no Alerting plugin): the compiled monitor is evaluated with core
// APIs (src/sync/clients/opensearch-evaluate.ts): Mustache render, search, and
// the trigger on the node's Painless engine. The same cases run through the
// plugin's `_execute` in query-dsl.alerting.test.ts.
defineQueryDslDifferential(RUNNERS.evaluate);
