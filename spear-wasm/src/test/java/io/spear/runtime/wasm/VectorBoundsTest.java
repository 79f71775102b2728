package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.corpus.Corpus;
import io.spear.model.error.InvalidConfigurationException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class VectorBoundsTest {

  /**
   * A type with 4 parameters and a five-byte result count of about 400 million (found by fuzzing).
   */
  private static final byte[] HUGE_RESULT_COUNT =
      HexFormat.of().parseHex("0061736d01000000010c0260047f7f7f7fb7e09abc017f600000");

  @Test
  @Timeout(5)
  void aResultCountLargerThanItsSectionIsRefusedBeforeTheParserSizesAListByIt() {
    assertThatThrownBy(() -> VectorBounds.check(HUGE_RESULT_COUNT))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("type 0 declares")
        .hasMessageContaining("results");
  }

  @Test
  void aSectionCountLargerThanTheSectionIsRefused() {
    byte[] module = HexFormat.of().parseHex("0061736d0100000003028080");
    assertThatThrownBy(() -> VectorBounds.check(module))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("section 3 declares");
  }

  @Test
  void tooManyLocalsAreRefusedByName() {
    // type () -> (), one function, a body declaring 60,000 i32 locals.
    byte[] module =
        HexFormat.of()
            .parseHex("0061736d01000000" + "010401600000" + "03020100" + "0a08010601e0d4037f0b");
    assertThatThrownBy(() -> VectorBounds.check(module))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("more than 50000 locals");
  }

  @Test
  void everyCorpusModuleWalksWithoutComplaint() {
    for (String name : Corpus.names()) {
      if (name.endsWith(".wasm") && !name.equals("invalid_type.wat.wasm")) {
        assertThatCode(() -> VectorBounds.check(Corpus.bytes(name)))
            .as(name)
            .doesNotThrowAnyException();
      }
    }
  }
}
