package io.spear.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorpusTest {

  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

  @Test
  void everyIndexedFixtureLoads() {
    assertThat(Corpus.names()).contains("hello.c.wasm", "empty.bin", "infinite_loop.wat.wasm");
    for (String name : Corpus.names()) {
      byte[] bytes = Corpus.bytes(name);
      if (name.endsWith(".wasm")) {
        // Every built guest is a module (valid or deliberately broken past its header).
        assertThat(bytes).as(name).startsWith(MAGIC);
      }
    }
  }

  @Test
  void everyWasmFixtureStartsWithTheMagic() {
    for (String name : Corpus.wasmNames()) {
      byte[] bytes = Corpus.bytes(name);
      assertThat(bytes).as(name).startsWith(MAGIC);
    }
  }

  @Test
  void aMissingFixtureFailsNamingTheAvailableOnes() {
    assertThatThrownBy(() -> Corpus.bytes("nope.wasm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.wasm")
        .hasMessageContaining("hello.c.wasm");
  }
}
