/**
 * WASI preview 1 as guests see it: Chicory's implementation, with the few semantics it lacks
 * (append mode with reads, rights that can be dropped, links and symbolic links named by paths that
 * already exist, times of a symbolic link itself) supplied on top of it.
 */
package io.spear.runtime.wasm.wasi;
