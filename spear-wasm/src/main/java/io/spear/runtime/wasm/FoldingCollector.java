package io.spear.runtime.wasm;

import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Shaded;

/**
 * Chicory's collector of generated classes, handing its compiler the {@code Shaded} class with the
 * folded interrupt check ({@link CheckRewriter}) to copy into the module's classes.
 */
final class FoldingCollector extends ClassLoadingCollector {

  @Override
  public byte[] resolve(Class<?> clazz) {
    return clazz == Shaded.class ? CheckRewriter.shaded() : super.resolve(clazz);
  }
}
