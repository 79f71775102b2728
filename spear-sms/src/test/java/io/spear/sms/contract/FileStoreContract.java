package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.sms.file.FileContent;
import io.spear.sms.file.FileMeta;
import io.spear.sms.file.FileStore;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.page.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} does. */
public abstract class FileStoreContract extends StoreContract {

  private static final long LIMIT = 4L * 1024 * 1024;

  private FileStore files() {
    return store.files();
  }

  @Test
  void aStoredFileReadsBackByteForByteWithItsChecksum() throws Exception {
    // Larger than any plausible chunk or buffer, and not a multiple of one.
    byte[] module = random(700_001, 1);
    FileMeta meta = put(module, Optional.of(sha256(module)));

    assertThat(meta.len()).isEqualTo(module.length);
    assertThat(meta.sha256()).isEqualTo(sha256(module));
    assertThat(files().find(meta.id())).contains(meta);
    try (FileContent content = files().open(meta.id()).orElseThrow()) {
      assertThat(content.meta()).isEqualTo(meta);
      assertThat(content.bytes().readAllBytes()).isEqualTo(module);
    }
  }

  @Test
  void uploadWithWrongChecksumIsRejectedAndNothingStored() {
    byte[] module = random(300_000, 2);
    assertThatThrownBy(() -> put(module, Optional.of(sha256(new byte[] {1}))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    assertNothingStored();
  }

  @Test
  void uploadOverTheLimitIsRejectedAndNothingStored() {
    assertThatThrownBy(() -> put(random((int) LIMIT + 1, 3), Optional.empty()))
        .isInstanceOf(PayloadTooLargeException.class);
    assertNothingStored();
  }

  @Test
  void emptyUploadIsRejected() {
    assertThatThrownBy(() -> put(new byte[0], Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_UPLOAD));
    assertNothingStored();
  }

  @Test
  void uploadWhoseConnectionBreaksMidStreamStoresNothing() {
    InputStream dying =
        new InputStream() {
          int sent;

          @Override
          public int read() throws IOException {
            if (sent++ > 600_000) {
              throw new IOException("connection reset");
            }
            return 7;
          }
        };
    assertThatThrownBy(() -> files().put(dying, request(Optional.empty()))).isNotNull();
    assertNothingStored();
  }

  @Test
  void identicalContentIsStoredOnceAndOutlivesDeletingOneOfItsFiles() throws Exception {
    byte[] module = random(100_000, 4);
    FileMeta first = put(module, Optional.empty());
    FileMeta second = put(module, Optional.empty());

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(files().storedBytes()).isEqualTo(module.length);
    assertThat(files().delete(first.id())).isTrue();
    try (FileContent content = files().open(second.id()).orElseThrow()) {
      assertThat(content.bytes().readAllBytes()).isEqualTo(module);
    }
    assertThat(files().delete(second.id())).isTrue();
    assertThat(files().storedBytes()).isZero();
  }

  @Test
  void deletedOrUnknownFilesAreNotFound() {
    FileMeta meta = put(random(10, 5), Optional.empty());
    assertThat(files().delete(meta.id())).isTrue();
    assertThat(files().delete(meta.id())).isFalse();
    assertThat(files().find(meta.id())).isEmpty();
    assertThat(files().open(meta.id())).isEmpty();
    assertThat(files().find("00000000-0000-0000-0000-000000000000")).isEmpty();
  }

  @Test
  void aDownloadStartedBeforeADeleteReadsToTheEnd() throws Exception {
    byte[] module = random(900_000, 6);
    FileMeta meta = put(module, Optional.empty());
    try (FileContent content = files().open(meta.id()).orElseThrow()) {
      byte[] head = content.bytes().readNBytes(1000);
      assertThat(files().delete(meta.id())).isTrue();
      byte[] rest = content.bytes().readAllBytes();
      assertThat(head.length + rest.length).isEqualTo(module.length);
      assertThat(rest[rest.length - 1]).isEqualTo(module[module.length - 1]);
    }
    assertThat(files().open(meta.id())).isEmpty();
  }

  @Test
  void listingIsNewestFirstFilteredByIdOrNameAndPaged() {
    List<FileMeta> stored = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stored.add(
          files()
              .put(
                  new ByteArrayInputStream(random(10, 10 + i)),
                  new UploadRequest(
                      i % 2 == 0 ? "even-" + i + ".wasm" : "odd_" + i + ".wasm",
                      "application/wasm",
                      Optional.empty(),
                      LIMIT)));
      clock.advance(Duration.ofSeconds(1));
    }

    var all = files().list("", new PageRequest(100, 0));
    assertThat(all.totalCount()).isEqualTo(5);
    assertThat(all.items()).containsExactlyElementsOf(stored.reversed());

    var page = files().list("", new PageRequest(2, 1));
    assertThat(page.items()).containsExactly(stored.get(3), stored.get(2));
    assertThat(page.totalCount()).isEqualTo(5);

    var even = files().list("EVEN", new PageRequest(100, 0));
    assertThat(even.items()).containsExactly(stored.get(4), stored.get(2), stored.get(0));
    assertThat(even.totalCount()).isEqualTo(3);

    // LIKE wildcards in the query match themselves only.
    assertThat(files().list("_", new PageRequest(100, 0)).totalCount()).isEqualTo(2);
    assertThat(files().list("%", new PageRequest(100, 0)).totalCount()).isZero();

    String id = stored.get(1).id();
    assertThat(files().list(id.substring(0, 13), new PageRequest(100, 0)).items())
        .containsExactly(stored.get(1));
  }

  @Test
  void concurrentUploadsOfTheSameAndOfDifferentContentAllSucceed() throws Exception {
    byte[] shared = random(400_000, 7);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<FileMeta>> uploads = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        byte[] body = i % 2 == 0 ? shared : random(50_000, 100 + i);
        uploads.add(pool.submit(() -> put(body, Optional.empty())));
      }
      for (Future<FileMeta> upload : uploads) {
        FileMeta meta = upload.get();
        try (FileContent content = files().open(meta.id()).orElseThrow()) {
          assertThat(sha256(content.bytes().readAllBytes())).isEqualTo(meta.sha256());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(files().list("", new PageRequest(100, 0)).totalCount()).isEqualTo(12);
    assertThat(files().storedBytes()).isEqualTo(400_000 + 6 * 50_000);
  }

  private void assertNothingStored() {
    assertThat(files().list("", new PageRequest(10, 0)).totalCount()).isZero();
    assertThat(files().storedBytes()).isZero();
  }

  private FileMeta put(byte[] body, Optional<String> sha) {
    return files().put(new ByteArrayInputStream(body), request(sha));
  }

  private static UploadRequest request(Optional<String> sha) {
    return new UploadRequest("m.wasm", "application/wasm", sha, LIMIT);
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
