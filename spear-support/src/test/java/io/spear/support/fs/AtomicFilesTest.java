package io.spear.support.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void aFileIsCreatedOrReplacedWholeAndNoTemporaryFileStaysBehind() throws IOException {
    Path target = dir.resolve("entry.json");

    AtomicFiles.replace(target, "first".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.replace(target, "second".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(target)).isEqualTo("second");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aTargetThatCannotBeReplacedIsLeftAsItWasWithoutATemporaryFile() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> AtomicFiles.replace(target, new byte[] {1}))
        .isInstanceOf(IOException.class);

    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("kept");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
