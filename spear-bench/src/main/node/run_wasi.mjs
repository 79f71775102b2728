// Node.js (node:wasi on V8) reference for "spear run hello, standalone": the whole process runs a
// WASI command once, as `node run_wasi.mjs <module.wasm> [args...]`; its stdout is the guest's.
import { readFileSync } from "node:fs";
import { WASI } from "node:wasi";

const [path, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: "preview1", args: [path, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
