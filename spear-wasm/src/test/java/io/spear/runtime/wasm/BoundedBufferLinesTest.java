package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedBufferLinesTest {

  private final List<String> heard = new ArrayList<>();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void completeLinesReachTheListenerAsTheyAreWritten() {
    BoundedBuffer buffer = new BoundedBuffer(1024, heard::add);
    buffer.append(utf8("one\ntw"));
    assertThat(heard).containsExactly("one");
    buffer.append(utf8("o\r\nthree"));
    assertThat(heard).containsExactly("one", "two");
    buffer.finish();
    assertThat(heard).containsExactly("one", "two", "three");
    assertThat(new String(buffer.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("one\ntwo\r\nthree");
  }

  @Test
  void onlyKeptBytesAreHeard() {
    BoundedBuffer buffer = new BoundedBuffer(6, heard::add);
    buffer.append(utf8("abc\ndefgh\n"));
    buffer.finish();
    assertThat(heard).containsExactly("abc", "de");
    assertThat(buffer.truncated()).isTrue();
  }

  @Test
  void aVeryLongLineIsHeardInPieces() {
    BoundedBuffer buffer = new BoundedBuffer(1 << 20, heard::add);
    buffer.append(utf8("x".repeat(BoundedBuffer.MAX_LINE_BYTES + 10) + "\n"));
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0)).hasSize(BoundedBuffer.MAX_LINE_BYTES);
    assertThat(heard.get(1)).hasSize(10);
  }

  @Test
  void aFailingListenerDoesNotStopTheWriter() {
    BoundedBuffer buffer =
        new BoundedBuffer(
            64,
            line -> {
              throw new IllegalStateException("boom");
            });
    buffer.append(utf8("a\nb\n"));
    assertThat(buffer.toByteArray()).hasSize(4);
  }
}
