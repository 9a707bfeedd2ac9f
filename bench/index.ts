/**
 * Benchmark dispatcher: `npm run bench -- <name> [args…]` loads bench/<name>.ts
 * and calls its exported `runBench(args)`. To add a benchmark, drop a file
 * bench/<name>.ts exporting `runBench(args: string[]): Promise<void>`; shared
 * helpers go in bench/lib/. Benchmarks cache generated inputs in .cache/bench/.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface BenchModule {
  runBench(args: readonly string[]): Promise<void>;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (name === undefined || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join("|")}> [args]\n`);
  process.exitCode = 1;
} else {
  const mod = (await import(`./${name}.ts`)) as BenchModule;
  await mod.runBench(args);
}
