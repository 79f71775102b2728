/** The {@code spear} host import module of SPEAR's guest ABI, and capped guest output buffers. */
package io.spear.runtime.wasm.host;
