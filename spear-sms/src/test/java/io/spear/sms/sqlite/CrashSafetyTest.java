package io.spear.sms.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.sms.file.FileMeta;
import io.spear.sms.file.UploadRequest;
import io.spear.sms.page.PageRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash at each step of a write leaves behind, and what the next start makes of it. */
class CrashSafetyTest {

  @TempDir Path dataDir;

  @Test
  void crashWhileStreamingLeavesOnlyAStagingFileWhichTheNextStartRemoves() throws IOException {
    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.system())) {
      InputStream dying =
          new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
              if (sent++ > 10_000) {
                throw new IOException("connection reset (simulated crash mid-upload)");
              }
              return 7;
            }
          };
      assertThatThrownBy(() -> store.files().put(dying, request()))
          .hasStackTraceContaining("simulated crash mid-upload");
      assertThat(store.files().list("", new PageRequest(10, 0)).totalCount()).isZero();
    }
    // A hard kill after the staging file was created but before it was removed:
    Files.writeString(dataDir.resolve("blobs/tmp/upload-123.part"), "half a module");

    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.system())) {
      assertThat(regularFiles(dataDir.resolve("blobs"))).isEmpty();
      assertThat(store.files().list("", new PageRequest(10, 0)).totalCount()).isZero();
    }
  }

  @Test
  void crashAfterPublishingBytesButBeforeTheRowLeavesAnOrphanWhichTheNextStartRemoves()
      throws IOException {
    BlobDirectory blobs = new BlobDirectory(dataDir.resolve("blobs"));
    BlobDirectory.StagedBlob staged =
        blobs.stage(new ByteArrayInputStream(new byte[] {1, 2, 3}), 100, Optional.empty());
    blobs.publish(staged);
    assertThat(regularFiles(dataDir.resolve("blobs"))).hasSize(1);

    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.system())) {
      assertThat(regularFiles(dataDir.resolve("blobs"))).isEmpty();
      assertThat(store.files().list("", new PageRequest(10, 0)).totalCount()).isZero();
    }
  }

  @Test
  void everyRowHasItsBytesAfterReopening() throws IOException {
    FileMeta meta;
    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.system())) {
      meta = store.files().put(new ByteArrayInputStream(new byte[] {9, 8, 7}), request());
    }
    try (EmbeddedStore store = EmbeddedStore.open(dataDir, InstantSource.system())) {
      try (var content = store.files().open(meta.id()).orElseThrow()) {
        assertThat(content.bytes().readAllBytes()).containsExactly(9, 8, 7);
      }
    }
  }

  private static UploadRequest request() {
    return new UploadRequest("m.wasm", "application/wasm", Optional.empty(), 1 << 20);
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
