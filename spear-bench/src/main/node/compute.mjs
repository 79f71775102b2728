// V8 reference for the compute figures: compiles a WASI command once, then times fresh
// instantiations running _start (the same unit of work the harness times in our runtime).
// Usage: node --expose-gc compute.mjs <module.wasm> <warmup> <runs> [args...]
// Prints one line per measured run: its wall time in nanoseconds.
import { readFileSync, openSync, closeSync } from "node:fs";
import { WASI } from "node:wasi";

const [path, warmupArg, runsArg, ...args] = process.argv.slice(2);
const warmup = Number(warmupArg);
const runs = Number(runsArg);
const module = await WebAssembly.compile(readFileSync(path));
const devnull = openSync("/dev/null", "w");
const out = [];

for (let i = 0; i < warmup + runs; i++) {
  const start = process.hrtime.bigint();
  const wasi = new WASI({
    version: "preview1",
    args: ["kernel", ...args],
    env: {},
    stdout: devnull,
    returnOnExit: true,
  });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const code = wasi.start(instance);
  const took = process.hrtime.bigint() - start;
  if (code !== 0) {
    console.error(`kernel exited ${code}`);
    process.exit(1);
  }
  if (i >= warmup) out.push(took.toString());
  // Free the finished instance's memory before the next run, outside the timed part: without
  // this, Node.js 20 crashed (SIGSEGV) after about 7 sha256 instances of 4 MiB on this machine.
  globalThis.gc?.();
}
closeSync(devnull);
console.log(out.join("\n"));
