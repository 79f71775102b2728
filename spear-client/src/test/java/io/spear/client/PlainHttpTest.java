package io.spear.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** A client of http:// addresses never builds the JVM's default TLS context; one of https does. */
class PlainHttpTest {

  private static final Duration CONNECT = Duration.ofSeconds(1);

  @Test
  void aClientOfHttpAddressesOnlyGetsAContextThatRefusesTls() {
    HttpClient http = PlainHttp.client(List.of("http://a:8080", "http://b:8080"), CONNECT);

    assertThat(http.sslContext().getProtocol()).isEqualTo(PlainHttp.NO_TLS);
    assertThatThrownBy(() -> http.sslContext().createSSLEngine())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http:// only");
  }

  @Test
  void anyHttpsAddressGivesTheJvmDefaultContext() throws NoSuchAlgorithmException {
    HttpClient http = PlainHttp.client(List.of("http://a:8080", "https://b:8443"), CONNECT);

    assertThat(http.sslContext()).isSameAs(SSLContext.getDefault());
  }
}
