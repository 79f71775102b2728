package io.spear.spearlet.node;

import io.spear.support.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node uuid SMS gave this node, kept so that a restarted node registers again as itself rather
 * than as a new node (leaving its old self behind as an offline ghost).
 */
public sealed interface NodeIdentity {

  /** The file, in a node's data directory, that holds its uuid. */
  String FILE_NAME = "node-uuid";

  /** The uuid this node had before, if any. */
  Optional<String> load();

  /** Remembers the uuid SMS answered. */
  void save(String uuid);

  /** An identity kept only while the process lives: every start is a new node. */
  static NodeIdentity inMemory() {
    return new InMemory(new AtomicReference<>());
  }

  /** An identity kept in {@code dataDirectory}/{@value #FILE_NAME}, created when missing. */
  static NodeIdentity storedIn(Path dataDirectory) {
    return new Stored(dataDirectory.resolve(FILE_NAME));
  }

  /** Kept in memory. */
  record InMemory(AtomicReference<String> uuid) implements NodeIdentity {
    @Override
    public Optional<String> load() {
      return Optional.ofNullable(uuid.get());
    }

    @Override
    public void save(String value) {
      uuid.set(value);
    }
  }

  /** Kept in a file, written atomically so a crash leaves the old uuid or the new one. */
  record Stored(Path file) implements NodeIdentity {
    @Override
    public Optional<String> load() {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the node uuid from " + file, e);
      }
      try {
        return Optional.of(UUID.fromString(text).toString());
      } catch (IllegalArgumentException e) {
        // A damaged file must not stop the node: it registers as a new node and overwrites it.
        return Optional.empty();
      }
    }

    @Override
    public void save(String uuid) {
      if (load().filter(uuid::equals).isPresent()) {
        return;
      }
      try {
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, (uuid + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store the node uuid in " + file, e);
      }
    }
  }
}
