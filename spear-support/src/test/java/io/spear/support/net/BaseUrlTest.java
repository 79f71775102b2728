package io.spear.support.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BaseUrlTest {

  @Test
  void hostAndPortMeanPlainHttp() {
    assertThat(BaseUrl.of("127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void aConfiguredHttpsAddressStaysHttps() {
    assertThat(BaseUrl.of("https://sms.example:8443/")).isEqualTo("https://sms.example:8443");
  }

  @Test
  void trailingSlashesAndBlanksGo() {
    assertThat(BaseUrl.of(" http://h:1// ")).isEqualTo("http://h:1");
  }

  @Test
  void otherSchemesAreRefusedByName() {
    assertThatThrownBy(() -> BaseUrl.of("ftp://h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://h:1");
  }
}
