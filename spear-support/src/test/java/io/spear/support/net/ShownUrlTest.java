package io.spear.support.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShownUrlTest {

  @Test
  void aShownUrlKeepsSchemeHostPortAndPathOnly() {
    assertThat(ShownUrl.of("http://user:PASS@127.0.0.1:1/v1?key=SECRET#f"))
        .isEqualTo("http://127.0.0.1:1/v1");
    assertThat(ShownUrl.of("https://api.openai.com/v1")).isEqualTo("https://api.openai.com/v1");
    assertThat(ShownUrl.of("wss://u:p/w@d@host/x")).isEqualTo("wss://host/x");
    assertThat(ShownUrl.of("user:pw@host:80")).isEqualTo("host:80");
    assertThat(ShownUrl.of("http://h/#k=SECRET?x")).isEqualTo("http://h/");
    assertThat(ShownUrl.of("")).isEmpty();
  }
}
