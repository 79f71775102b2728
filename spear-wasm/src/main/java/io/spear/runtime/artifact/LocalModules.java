package io.spear.runtime.artifact;

import io.spear.support.concurrent.DaemonThreads;
import io.spear.support.fs.AtomicFiles;
import io.spear.support.fs.PrivateDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modules this node downloaded and compiled, kept on its disk without their custom sections, and
 * which module each download served. An SMS file id names one upload for good (every upload gets a
 * fresh random id and a stored file is never rewritten), so a restarted node that has seen the file
 * reads the few kilobytes that matter from disk instead of downloading it whole again.
 *
 * <p>An entry is written only once its module passed every check, validation and compile (the trust
 * the compiled-code cache next to it has). It names the sha256 of the bytes it keeps, which are
 * hashed again when read: a damaged or half-written entry is dropped, and the module is downloaded
 * and kept again. Failures to read or write never fail an invocation.
 */
public final class LocalModules implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalModules.class);

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** A module kept on disk: its bytes without custom sections, and the whole file's sha256. */
  record Kept(byte[] bytes, String sha256) {}

  /** How long closing waits for the entries still being written. */
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final Path dir;
  // Off the invocation's thread: writing an entry costs a first invocation a millisecond or two.
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(DaemonThreads.named("spear-module-keeper"));

  private LocalModules(Path dir) {
    this.dir = dir;
  }

  /** Kept modules in {@code root}/modules (created private to the user), or empty if unusable. */
  public static Optional<LocalModules> under(Path root) {
    Path dir = root.resolve("modules");
    try {
      return Optional.of(new LocalModules(PrivateDirectories.create(dir)));
    } catch (IOException e) {
      LOG.warn("cannot keep modules in {}: {}", dir, e.toString());
      return Optional.empty();
    }
  }

  /** The module the download at {@code source} served, if it is kept here and intact. */
  Optional<Kept> find(String source) {
    Path link = link(source);
    String[] names;
    try {
      names = Files.readString(link, StandardCharsets.US_ASCII).strip().split(" ");
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("cannot read kept module link {}: {}", link, e.toString());
      return Optional.empty();
    }
    if (names.length != 2 || !isSha256(names[0]) || !isSha256(names[1])) {
      return dropped(link, null, "malformed");
    }
    Path module = dir.resolve(names[0] + ".wasm");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(module);
    } catch (IOException e) {
      return dropped(link, module, e.toString());
    }
    if (!ModuleChecks.sha256Hex(bytes).equals(names[1])) {
      return dropped(link, module, "its bytes changed");
    }
    return Optional.of(new Kept(bytes, names[0]));
  }

  /**
   * Keeps the module {@code bytes} makes (the module without its custom sections) as the one whose
   * whole file, served by the download at {@code source}, has {@code sha256}; made and written in
   * the background, {@link #close} finishes.
   */
  void keep(String source, String sha256, Supplier<byte[]> bytes) {
    if (!isSha256(sha256)) {
      return;
    }
    try {
      writer.execute(() -> write(source, sha256, bytes.get()));
    } catch (RejectedExecutionException e) {
      // Closing: the next start downloads the module once more.
    }
  }

  private void write(String source, String sha256, byte[] bytes) {
    try {
      // The module first: a link never names bytes not yet in place. One kept for another
      // download is used as it is (a damaged one is found out, and dropped, when read).
      Path module = dir.resolve(sha256 + ".wasm");
      if (!Files.exists(module)) {
        AtomicFiles.replace(module, bytes);
      }
      String names = sha256 + " " + ModuleChecks.sha256Hex(bytes) + "\n";
      AtomicFiles.replace(link(source), names.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      LOG.warn("cannot keep module {} on disk: {}", sha256, e.toString());
    }
  }

  /** Finishes writing the entries kept so far (waiting a few seconds at most). */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("modules still being kept after {} ms; left unwritten", CLOSE_WAIT_MILLIS);
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private Optional<Kept> dropped(Path link, Path module, String why) {
    LOG.warn("kept module {} unusable ({}); downloading it again", link.getFileName(), why);
    try {
      Files.deleteIfExists(link);
      if (module != null) {
        Files.deleteIfExists(module);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove kept module {}: {}", link, e.toString());
    }
    return Optional.empty();
  }

  // Download URLs hold characters no file name may; their digest names them.
  private Path link(String source) {
    return dir.resolve(ModuleChecks.sha256Hex(source.getBytes(StandardCharsets.UTF_8)) + ".url");
  }

  private static boolean isSha256(String s) {
    return SHA256_HEX.matcher(s).matches();
  }
}
