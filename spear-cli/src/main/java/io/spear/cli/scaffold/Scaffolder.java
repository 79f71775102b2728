package io.spear.cli.scaffold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a guest project: the SDK of the template's language (spear.h, the spear-guest crate or the
 * AssemblyScript spear folder), the template's source, a build script, a manifest.
 */
public final class Scaffolder {

  /** Names usable as a directory, a module file, a task name and an endpoint alike. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

  private static final String PLACEHOLDER = "{{name}}";

  private Scaffolder() {}

  /** A written project: its directory and the files in it, relative, in writing order. */
  public record Project(Path dir, List<String> files) {}

  /**
   * Writes project {@code name} from {@code template} into {@code dir}, which must not exist or be
   * empty.
   *
   * @throws IllegalArgumentException for a bad name or a directory that has files
   */
  public static Project write(String name, GuestTemplate template, Path dir) throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bad name '"
              + name
              + "': a letter, then letters, digits, '-' or '_' (at most 63 characters)");
    }
    if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
      throw new IllegalArgumentException(dir + " already exists and is not an empty directory");
    }
    Files.createDirectories(dir);
    List<String> written = new ArrayList<>();
    String base = "/templates/" + template.id() + "/";
    String common =
        switch (template.language()) {
          case C -> "/templates/common/";
          case RUST -> "/templates/rust-common/";
          case ASSEMBLYSCRIPT -> "/templates/as-common/";
        };
    switch (template.language()) {
      case C -> {
        write(dir, GuestSdk.C_HEADER_NAME, GuestSdk.cHeader(), written);
        write(dir, "main.c", filled(base + "main.c", name), written);
      }
      case RUST -> {
        copy(dir, GuestSdk.RUST_RESOURCE, GuestSdk.RUST_DIR, GuestSdk.RUST_FILES, written);
        write(dir, "Cargo.toml", filled(common + "Cargo.toml", name), written);
        write(dir, "src/main.rs", filled(base + "main.rs", name), written);
      }
      case ASSEMBLYSCRIPT -> {
        copy(
            dir,
            GuestSdk.ASSEMBLYSCRIPT_RESOURCE,
            GuestSdk.ASSEMBLYSCRIPT_DIR,
            GuestSdk.ASSEMBLYSCRIPT_FILES,
            written);
        write(dir, "package.json", filled(common + "package.json", name), written);
        write(dir, "main.ts", filled(base + "main.ts", name), written);
      }
    }
    write(dir, "build.sh", filled(common + "build.sh", name), written);
    makeExecutable(dir.resolve("build.sh"));
    write(dir, "spear.toml", filled(base + "spear.toml", name), written);
    write(dir, ".gitignore", GuestSdk.resource(common + "gitignore"), written);
    return new Project(dir, List.copyOf(written));
  }

  private static void copy(
      Path dir, String resource, String into, List<String> files, List<String> written)
      throws IOException {
    for (String file : files) {
      write(dir, into + file, GuestSdk.resource(resource + file), written);
    }
  }

  private static byte[] filled(String resource, String name) {
    String text = new String(GuestSdk.resource(resource), StandardCharsets.UTF_8);
    return text.replace(PLACEHOLDER, name).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path dir, String file, byte[] bytes, List<String> written)
      throws IOException {
    Path target = dir.resolve(file);
    Files.createDirectories(target.getParent());
    Files.write(target, bytes);
    written.add(file);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the script still runs as `sh build.sh`.
    }
  }
}
