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
  @Timeout(5)
  void anExportNameLongerThanItsSectionIsRefusedBeforeTheParserReadsIt() {
    // Found by CreateInstanceFuzzTest: the parser spent over 10 s on this name's 2 GB length.
    byte[] module = {
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 19, 2, -67, -57,
      -68, -14, 7, 111, 6, 109, 101, 93, -127, -88, 16, 109, 111, 114, 121, 2, 0, 6, 44, 115, -23,
      97, 114, 116, 0, 0, 10, 9, 1, 7, 0, 3, 64, 12, 0, 11, 11
    };
    assertThatThrownBy(() -> VectorBounds.check(module))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("export 0 declares a name of");
  }

  @Test
  @Timeout(5)
  void aRecursiveTypeGroupLargerThanItsSectionIsRefusedBeforeTheParserLoopsOverIt() {
    // Found by CreateInstanceFuzzTest: the parser looped over a group of ~221 million types.
    byte[] module = {
      0, 97, 115, 109, 1, 0, 0, 0, 1, 9, 2, 78, -50, -70, -94, 105, 27, -87, 96, 1, 126, 1, 126, 96,
      0, 0, 3, 3, 2, -65, 1, 5, 3, 1, 0, 1, 7, 19, 2, 6, 109, 101, 109, 111, 114, 121, 2, 0, 6, 95,
      115, 116, 35, 114, 116, 0, 1, 10, 22, 2, 12, 0, 32, 0, 66, 1, 124, 16, 0, 66, 1, 124, 11, 7,
      0, 66, 0, 16, 0, 26, 11
    };
    assertThatThrownBy(() -> VectorBounds.check(module))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("type 0 declares a group of");
  }

  @Test
  @Timeout(5)
  void anImportNameLongerThanItsSectionIsRefusedBeforeTheParserReadsIt() {
    // Found by CreateInstanceFuzzTest: a field name of ~2 GB after a well-formed module name.
    byte[] module =
        HexFormat.of()
            .parseHex(
                "0061736d01000000"
                    + "010401600000"
                    + "021d01"
                    + "16"
                    + "776173695f736e617073686f745f70726576696577"
                    + "31" // the 22nd byte of the module name
                    + "b583bca107");
    assertThatThrownBy(() -> VectorBounds.check(module))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("import 0 declares a name of");
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
  void moreFunctionsThanANodeCompilesAreRefusedInWords() {
    int count = (int) VectorBounds.MAX_FUNCTIONS + 1;
    java.io.ByteArrayOutputStream module = new java.io.ByteArrayOutputStream();
    module.writeBytes(HexFormat.of().parseHex("0061736d01000000" + "010401600000"));
    // Function section: the count (LEB128 of 1,000,001 = c1 84 3d), then type 0 for each.
    module.write(3);
    writeLeb(module, 3 + count);
    module.writeBytes(HexFormat.of().parseHex("c1843d"));
    module.writeBytes(new byte[count]);

    assertThatThrownBy(() -> VectorBounds.check(module.toByteArray()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("defines 1000001 functions, more than the 1000000");
  }

  @Test
  void aFunctionBodyLargerThanANodeCompilesIsRefusedInWords() {
    int size = (int) VectorBounds.MAX_BODY_BYTES + 1;
    java.io.ByteArrayOutputStream code = new java.io.ByteArrayOutputStream();
    code.write(1); // one body
    writeLeb(code, size);
    code.write(0); // no locals
    byte[] nops = new byte[size - 2];
    java.util.Arrays.fill(nops, (byte) 0x01);
    code.writeBytes(nops);
    code.write(0x0b);
    java.io.ByteArrayOutputStream module = new java.io.ByteArrayOutputStream();
    module.writeBytes(HexFormat.of().parseHex("0061736d01000000" + "010401600000" + "03020100"));
    module.write(10);
    writeLeb(module, code.size());
    module.writeBytes(code.toByteArray());

    assertThatThrownBy(() -> VectorBounds.check(module.toByteArray()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("function body 0 takes 7654322 bytes, more than the 7654321");
  }

  private static void writeLeb(java.io.ByteArrayOutputStream out, long value) {
    do {
      int b = (int) (value & 0x7f);
      value >>>= 7;
      out.write(value == 0 ? b : b | 0x80);
    } while (value != 0);
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
