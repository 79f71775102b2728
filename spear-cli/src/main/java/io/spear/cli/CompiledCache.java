package io.spear.cli;

import java.nio.file.Path;
import java.util.Optional;

/** Where standalone runs keep compiled modules, so a second run of a module skips compiling. */
final class CompiledCache {

  private CompiledCache() {}

  /** {@code $SPEAR_CACHE_DIR}, else {@code $XDG_CACHE_HOME/spear}, else {@code ~/.cache/spear}. */
  static Optional<Path> directory() {
    String explicit = System.getenv("SPEAR_CACHE_DIR");
    String xdg = System.getenv("XDG_CACHE_HOME");
    String home = System.getProperty("user.home");
    Path base =
        explicit != null && !explicit.isBlank()
            ? Path.of(explicit)
            : xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "spear")
                : home == null ? null : Path.of(home, ".cache", "spear");
    return Optional.ofNullable(base).map(b -> b.resolve("compiled"));
  }
}
