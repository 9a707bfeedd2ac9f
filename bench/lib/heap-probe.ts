/**
 * Preloaded into a measured process (`node --import ./bench/lib/heap-probe.ts`)
 * when DAC_BENCH_HEAP_FILE is set: samples the V8 heap in use every few
 * milliseconds (whenever the event loop is free, i.e. between read chunks)
 * and writes the peak, in bytes, to that file at exit. GNU time gives peak
 * RSS; this separates what the program holds from what the allocator keeps.
 */
import { writeFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";

const out = process.env["DAC_BENCH_HEAP_FILE"];
if (out !== undefined && out !== "") {
  let peak = 0;
  const sample = (): void => {
    const used = getHeapStatistics().used_heap_size;
    if (used > peak) peak = used;
  };
  setInterval(sample, 2).unref();
  process.on("exit", () => {
    sample();
    writeFileSync(out, String(peak));
  });
}
