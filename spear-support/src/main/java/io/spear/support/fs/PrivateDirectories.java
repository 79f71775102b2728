package io.spear.support.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Folders for what a node keeps on disk (code it loads, definitions): private to its user. */
public final class PrivateDirectories {

  private PrivateDirectories() {}

  /**
   * Creates {@code dir} (and its parents) unless it exists, readable by the user only where the
   * file system has POSIX permissions; answers {@code dir}. A folder created meanwhile by another
   * process is used as it is.
   *
   * @throws IOException when it cannot be created
   */
  public static Path create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      // Created meanwhile by another runtime or node.
    }
    return dir;
  }
}
