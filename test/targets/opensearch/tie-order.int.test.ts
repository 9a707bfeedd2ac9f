import { RUNNERS } from "./cluster-harness.ts";
import { defineTieOrderDifferential } from "./tie-order-differential.ts";

// One node, one shard: `_seq_no` would follow the file; the monitor must follow `_id` instead.
defineTieOrderDifferential(RUNNERS.evaluate);
