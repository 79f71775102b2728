package io.spear.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebSocketBearerTest {

  @Test
  void aTokenRoundTripsThroughItsSubprotocolEntry() {
    String token = "any token: with spaces, = and \u00fc";
    String protocol = WebSocketBearer.protocol(token);
    assertThat(protocol).matches("spear\\.bearer\\.[A-Za-z0-9_-]+");
    assertThat(WebSocketBearer.fromProtocols("ssf.v1, " + protocol)).contains(token);
  }

  @Test
  void theConsolesEncodingIsUnderstood() {
    // web/src/ssf.js bearerProtocol("a+b/c?"), checked there by web/test/ssf.test.mjs.
    assertThat(WebSocketBearer.fromProtocols("ssf.v1,spear.bearer.YStiL2M_")).contains("a+b/c?");
  }

  @Test
  void noEntryOrABrokenOneIsNoToken() {
    assertThat(WebSocketBearer.fromProtocols(null)).isEmpty();
    assertThat(WebSocketBearer.fromProtocols("ssf.v1")).isEmpty();
    assertThat(WebSocketBearer.fromProtocols("ssf.v1, spear.bearer.")).isEmpty();
    assertThat(WebSocketBearer.fromProtocols("spear.bearer.not*base64")).isEmpty();
  }
}
