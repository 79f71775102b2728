/**
 * The WebAssembly runtime on Chicory: modules are parsed, validated and compiled to JVM bytecode
 * once per SHA-256 and shared; every execution runs in a fresh instance on its instance's worker
 * threads, with WASI preview 1, the host-call families of its configuration (bound by {@code
 * HostImports}, which knows none by name), a memory limit, a time limit and cancellation. Entry
 * point: {@link io.spear.runtime.wasm.WasmRuntime}.
 */
package io.spear.runtime.wasm;
