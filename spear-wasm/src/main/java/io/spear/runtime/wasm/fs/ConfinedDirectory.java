package io.spear.runtime.wasm.fs;

import java.io.IOException;
import java.nio.file.Path;

/** The entry point: a host directory as a guest may see it. */
public final class ConfinedDirectory {

  private ConfinedDirectory() {}

  /**
   * A path naming {@code hostDirectory} in a file system of its own, in which nothing outside that
   * directory can be reached (not through {@code ..}, absolute paths or symbolic links) and, unless
   * {@code writable}, nothing can be created, changed or removed.
   *
   * @throws IOException when the directory does not exist
   */
  public static Path of(Path hostDirectory, boolean writable) throws IOException {
    Path root = hostDirectory.toRealPath();
    return new ConfinedFileSystem(root, writable).root();
  }
}
