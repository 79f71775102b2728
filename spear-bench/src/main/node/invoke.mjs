// Node.js (node:wasi on V8) reference for the invocation-overhead figures: the module compiled
// once, then per invocation a fresh WASI and instance, stdin from a file, stdout to /dev/null.
// Usage: node invoke.mjs <module.wasm> <stdin-file|-> <warmup> <runs>
// Prints one line per measured invocation: its wall time in nanoseconds.
import { readFileSync, openSync, closeSync } from "node:fs";
import { WASI } from "node:wasi";

const [path, input, warmupArg, runsArg] = process.argv.slice(2);
const warmup = Number(warmupArg);
const runs = Number(runsArg);
const module = await WebAssembly.compile(readFileSync(path));
const devnull = openSync("/dev/null", "w");
const out = [];

for (let i = 0; i < warmup + runs; i++) {
  const start = process.hrtime.bigint();
  const stdin = input === "-" ? undefined : openSync(input, "r");
  const wasi = new WASI({
    version: "preview1",
    args: ["guest"],
    env: {},
    stdin,
    stdout: devnull,
    stderr: devnull,
    returnOnExit: true,
  });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const code = wasi.start(instance);
  if (stdin !== undefined) closeSync(stdin);
  const took = process.hrtime.bigint() - start;
  if (code !== 0) {
    console.error(`guest exited ${code}`);
    process.exit(1);
  }
  if (i >= warmup) out.push(took.toString());
}
closeSync(devnull);
console.log(out.join("\n"));
