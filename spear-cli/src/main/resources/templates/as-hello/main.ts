// {{name}}: a Spear function. It runs as a WASI command: arguments and environment come from its
// task (spear.toml), stdin is the invocation's input, stdout its output, the exit code its status.
import { info, nowMs } from "./spear/index";

const who = process.argv.length > 1 ? process.argv[1] : "world";
console.log("hello, " + who);
// Log lines go to the execution's log (spear logs <execution>), not to the output.
info("greeted " + who + " at " + nowMs().toString() + " ms since the epoch");
