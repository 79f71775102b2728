/**
 * Views of host directories for WASI preopens: every path a guest names is confined to its
 * directory after symbolic links are followed, and read-only directories refuse every write.
 */
package io.spear.runtime.wasm.fs;
