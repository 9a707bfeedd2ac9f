/**
 * Preloaded into a measured process (`node --import ./bench/lib/heap-probe.ts`)
 * when DAC_BENCH_HEAP_FILE is set; writes `{"peak": bytes, "live": bytes}`
 * there at exit. `peak` is the V8 heap in use, sampled every few milliseconds
 * whenever the event loop is free (between read chunks): it includes garbage
 * V8 has not collected yet, so it also grows with how long V8 lets garbage
 * pile up. `live` (only under `node --expose-gc`, which the memory runs use)
 * is the heap in use right after a full collection forced every 100 ms: what
 * the program actually holds. GNU time gives peak RSS.
 */
import { writeFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";

const out = process.env["DAC_BENCH_HEAP_FILE"];
if (out !== undefined && out !== "") {
  const collect = (globalThis as { gc?: () => void }).gc;
  let peak = 0;
  let live = 0;
  let lastCollect = Date.now();
  const sample = (): void => {
    const used = getHeapStatistics().used_heap_size;
    if (used > peak) peak = used;
    if (collect !== undefined && Date.now() - lastCollect >= 100) {
      collect();
      lastCollect = Date.now();
      live = Math.max(live, getHeapStatistics().used_heap_size);
    }
  };
  setInterval(sample, 2).unref();
  process.on("exit", () => {
    sample();
    writeFileSync(out, JSON.stringify({ peak, live: collect === undefined ? null : live }));
  });
}
