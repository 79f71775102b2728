package io.spear.runtime.wasm.wasi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the overrides know of a guest's descriptors beyond what Chicory keeps (its table is
 * private): the directory each directory descriptor names, which files append, and rights the guest
 * narrowed. Kept in step with Chicory's table by the overrides of {@code path_open}, {@code
 * fd_close} and {@code fd_renumber}; a descriptor missing here simply has Chicory's behaviour.
 */
final class Descriptors {

  /** Chicory numbers preopened directories from 3, after stdin, stdout and stderr. */
  private static final int FIRST_PREOPEN = 3;

  private final Map<Integer, Path> directories = new HashMap<>();
  private final Set<Integer> appending = new HashSet<>();
  private final Map<Integer, Rights> narrowed = new HashMap<>();

  Descriptors(Iterable<Path> preopens) {
    int fd = FIRST_PREOPEN;
    for (Path preopen : preopens) {
      directories.put(fd++, preopen);
    }
  }

  Optional<Path> directory(int fd) {
    return Optional.ofNullable(directories.get(fd));
  }

  void openedDirectory(int fd, Path directory) {
    directories.put(fd, directory);
  }

  boolean appends(int fd) {
    return appending.contains(fd);
  }

  void append(int fd, boolean on) {
    if (on) {
      appending.add(fd);
    } else {
      appending.remove(fd);
    }
  }

  /** The rights of {@code fd} if the guest narrowed them (or opened it through one it narrowed). */
  Optional<Rights> rights(int fd) {
    return Optional.ofNullable(narrowed.get(fd));
  }

  void narrow(int fd, Rights rights) {
    narrowed.put(fd, rights);
  }

  void closed(int fd) {
    directories.remove(fd);
    appending.remove(fd);
    narrowed.remove(fd);
  }

  /** {@code fd_renumber}: {@code to} is closed and becomes what {@code from} was. */
  void renumbered(int from, int to) {
    Path directory = directories.get(from);
    boolean appends = appends(from);
    Rights rights = narrowed.get(from);
    closed(from);
    closed(to);
    if (directory != null) {
      directories.put(to, directory);
    }
    append(to, appends);
    if (rights != null) {
      narrowed.put(to, rights);
    }
  }
}
