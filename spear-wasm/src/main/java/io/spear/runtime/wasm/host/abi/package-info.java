/** The guest ABI of the {@code spear} import module as data: calls, types and constants. */
package io.spear.runtime.wasm.host.abi;
