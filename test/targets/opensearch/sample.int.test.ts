import { RUNNERS } from "./cluster-harness.ts";
import { defineSampleDifferential } from "./sample-differential.ts";

// CI-runnable (no Alerting plugin): the compiled sample monitor evaluated with core APIs.
defineSampleDifferential(RUNNERS.evaluate);
