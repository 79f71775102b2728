package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import io.spear.corpus.Corpus;
import io.spear.runtime.artifact.ModuleChecks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleParserTest {

  private static final byte[] HELLO = Corpus.bytes("hello.c.wasm");

  @Test
  void theModuleIsNamedAsChicorysOwnParserNamesIt() {
    // The compiled-code cache is keyed by this name: entries stored before must still be found.
    assertThat(ModuleParser.parse(HELLO, ModuleChecks.sha256Hex(HELLO), true).digest())
        .isEqualTo(Parser.parse(HELLO).digest())
        .isEqualTo(ModuleParser.digest(ModuleChecks.sha256Hex(HELLO)));
  }

  @Test
  void customSectionsAreSkipped() {
    byte[] debug = withCustomSection(HELLO, ".debug_info", 1000);
    assertThat(Parser.parse(debug).customSections()).hasSize(1);
    assertThat(ModuleParser.parse(debug, ModuleChecks.sha256Hex(debug), true).customSections())
        .isEmpty();
  }

  @Test
  void customSectionsAreDroppedBeforeTheParserCopiesThem() {
    byte[] debug = withCustomSection(HELLO, ".debug_info", 100_000);
    assertThat(ModuleParser.withoutCustomSections(debug)).isEqualTo(HELLO);
    assertThat(ModuleParser.withoutCustomSections(HELLO)).isSameAs(HELLO);
  }

  @Test
  void aSectionRunningPastTheEndIsLeftForTheParserToReport() {
    byte[] debug = withCustomSection(HELLO, ".debug_info", 1000);
    byte[] cut = Arrays.copyOf(debug, debug.length - 10);
    assertThat(ModuleParser.withoutCustomSections(cut)).isSameAs(cut);
    Throwable chicory = catchThrowable(() -> Parser.parse(cut));
    assertThatThrownBy(() -> ModuleParser.parse(cut, ModuleChecks.sha256Hex(cut), true))
        .isInstanceOf(MalformedException.class)
        .hasMessage(chicory.getMessage());
  }

  // One custom section of a one-byte-LEB128 name length and a two-byte section size.
  private static byte[] withCustomSection(byte[] module, String name, int payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(module);
    int size = 1 + name.length() + payload;
    out.write(0);
    out.write(0x80 | (size & 0x7f));
    out.write(size >>> 7);
    out.write(name.length());
    out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[payload]);
    return out.toByteArray();
  }

  @Test
  void aTruncatedModuleIsMalformedInChicorysOwnWords() {
    byte[] truncated = Arrays.copyOf(HELLO, HELLO.length / 2);
    String sha = ModuleChecks.sha256Hex(truncated);
    Throwable chicory = catchThrowable(() -> Parser.parse(truncated));
    assertThatThrownBy(() -> ModuleParser.parse(truncated, sha, false))
        .isInstanceOf(MalformedException.class)
        .hasMessage(chicory.getMessage());
  }

  @Test
  void aModuleWithATypeErrorIsRefusedOnlyWhenValidated() {
    byte[] invalid = Corpus.bytes("invalid_type.wat.wasm");
    String sha = ModuleChecks.sha256Hex(invalid);
    assertThat(ModuleParser.parse(invalid, sha, false).digest()).isNotNull();
    assertThatThrownBy(() -> ModuleParser.parse(invalid, sha, true))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("type mismatch");
  }

  private static Throwable catchThrowable(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
