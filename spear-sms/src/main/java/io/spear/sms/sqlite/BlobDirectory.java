package io.spear.sms.sqlite;

import io.spear.sms.jdbc.FileContents;
import io.spear.sms.jdbc.StoreFailureException;
import io.spear.sms.jdbc.UploadDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed file bytes on disk: {@code blobs/ab/abcdef…} named by sha256.
 *
 * <p>Bytes are streamed to a temporary file, fsynced and renamed into place, so a blob is either
 * absent or complete; a crash leaves at most a temporary file, removed at the next start.
 */
final class BlobDirectory {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Path staging;

  BlobDirectory(Path root) {
    this.root = root;
    this.staging = root.resolve("tmp");
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new StoreFailureException("cannot create blob directory " + root, e);
    }
  }

  /** A blob written to the staging area but not yet visible. */
  record StagedBlob(Path file, String sha256, long len) implements FileContents.Staged {}

  /**
   * Streams a body into a staged file, hashing as it goes; nothing is staged when the body is
   * empty, too large or does not match {@code declaredSha256}.
   */
  StagedBlob stage(InputStream body, long maxBytes, Optional<String> declaredSha256) {
    Path tmp;
    try {
      tmp = Files.createTempFile(staging, "upload-", ".part");
    } catch (IOException e) {
      throw new StoreFailureException("cannot create staging file", e);
    }
    try {
      UploadDigest digest = new UploadDigest(maxBytes);
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = body.read(buffer)) >= 0) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String sha = digest.finish(declaredSha256);
      fsync(tmp);
      return new StagedBlob(tmp, sha, digest.len());
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreFailureException("cannot write upload to staging file", e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Moves a staged blob into place (or drops it when identical content is already there). */
  void publish(StagedBlob staged) {
    Path target = pathOf(staged.sha256());
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target) && Files.size(target) == staged.len()) {
        deleteQuietly(staged.file());
        return;
      }
      try {
        Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StoreFailureException("blob directory does not support atomic rename", e);
      }
      fsyncDirectory(target.getParent());
    } catch (IOException e) {
      deleteQuietly(staged.file());
      throw new StoreFailureException("cannot publish blob " + staged.sha256(), e);
    }
  }

  /** Drops a staged blob that will not be published. */
  void discard(StagedBlob staged) {
    deleteQuietly(staged.file());
  }

  /** Opens a blob for reading. */
  InputStream open(String sha256) throws NoSuchFileException {
    try {
      return Files.newInputStream(pathOf(sha256));
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new StoreFailureException("cannot open blob " + sha256, e);
    }
  }

  /** Removes a blob, if present. */
  void remove(String sha256) {
    deleteQuietly(pathOf(sha256));
  }

  /**
   * Removes staging leftovers and every blob not in {@code referenced}; run at start, before any
   * upload, so it never races one.
   */
  int sweep(Set<String> referenced) {
    int removed = 0;
    try (Stream<Path> leftovers = Files.list(staging)) {
      for (Path p : leftovers.toList()) {
        deleteQuietly(p);
        removed++;
      }
    } catch (IOException e) {
      throw new StoreFailureException("cannot sweep staging directory", e);
    }
    Set<String> present = new HashSet<>();
    try (Stream<Path> files = Files.walk(root, 2)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(staging))
          .map(p -> p.getFileName().toString())
          .filter(name -> SHA256_HEX.matcher(name).matches())
          .forEach(present::add);
    } catch (IOException e) {
      throw new StoreFailureException("cannot sweep blob directory", e);
    }
    for (String sha : present) {
      if (!referenced.contains(sha)) {
        remove(sha);
        removed++;
      }
    }
    return removed;
  }

  private Path pathOf(String sha256) {
    // The digest is computed by us, but check anyway: nothing else may become a path.
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + sha256);
    }
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  // A rename is durable only once its directory entry is; Linux allows fsync on a directory.
  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms refuse to open directories; the rename itself is still atomic there.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover is swept at the next start; it is never visible as a stored file.
    }
  }
}
