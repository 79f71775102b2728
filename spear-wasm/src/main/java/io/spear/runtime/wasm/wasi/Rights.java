package io.spear.runtime.wasm.wasi;

/** A descriptor's WASI rights: what it may do, and what descriptors opened through it may. */
record Rights(long base, long inheriting) {

  /** Whether these rights include every one of {@code wanted}: rights can be dropped, not added. */
  boolean cover(Rights wanted) {
    return (wanted.base & ~base) == 0 && (wanted.inheriting & ~inheriting) == 0;
  }

  boolean allow(long right) {
    return (base & right) == right;
  }
}
