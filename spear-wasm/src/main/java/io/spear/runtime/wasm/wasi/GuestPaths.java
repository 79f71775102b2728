package io.spear.runtime.wasm.wasi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Paths a guest names relative to a directory descriptor, resolved as Chicory resolves them. */
final class GuestPaths {

  private GuestPaths() {}

  /**
   * {@code raw} under {@code directory}, lexically; empty for an absolute path or one that climbs
   * out, which Chicory refuses too. Links are left to the confined file system, which follows and
   * confines them on every use.
   */
  static Optional<Path> resolve(Path directory, String raw) {
    Path relative;
    try {
      relative = directory.getFileSystem().getPath(raw);
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    Path normalized = relative.normalize();
    if (relative.isAbsolute() || normalized.startsWith("..")) {
      return Optional.empty();
    }
    return Optional.of(directory.resolve(normalized));
  }

  /** {@code raw} without its trailing slashes (a path naming a directory, syntactically). */
  static String withoutTrailingSlashes(String raw) {
    int end = raw.length();
    while (end > 1 && raw.charAt(end - 1) == '/') {
      end--;
    }
    return raw.substring(0, end);
  }
}
