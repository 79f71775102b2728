package io.spear.spearlet.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgiHeadersTest {

  @Test
  void statusSetsTheCodeAndOtherHeadersKeepTheirOrder() {
    CgiHeaders headers =
        CgiHeaders.parse(List.of("Status: 418 I'm a teapot", "Content-Type: text/plain", "X-A: 1"));

    assertThat(headers.status()).isEqualTo(418);
    assertThat(headers.headers())
        .containsExactly(Map.entry("Content-Type", "text/plain"), Map.entry("X-A", "1"));
  }

  @Test
  void aLocationWithoutStatusIsARedirectAndWithStatusKeepsIt() {
    assertThat(CgiHeaders.parse(List.of("Location: /there")).status()).isEqualTo(302);
    assertThat(CgiHeaders.parse(List.of("Location: /there", "Status: 301 Moved")).status())
        .isEqualTo(301);
  }

  @Test
  void hopByHopAndPlatformHeadersAreDropped() {
    CgiHeaders headers =
        CgiHeaders.parse(
            List.of(
                "Connection: close",
                "Transfer-Encoding: chunked",
                "Content-Length: 5",
                "X-Spear-Execution-Id: forged",
                "Set-Cookie: a=b"));

    assertThat(headers.headers()).containsExactly(Map.entry("Set-Cookie", "a=b"));
  }

  @Test
  void aLineThatIsNoHeaderIsNamedByItsNumber() {
    assertThatThrownBy(() -> CgiHeaders.parse(List.of("Content-Type: text/plain", "oops")))
        .isInstanceOf(CgiHeaders.Invalid.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'oops'");
  }

  @Test
  void aStatusOutOfRangeOrNotANumberIsRefused() {
    for (String status : List.of("Status: 99 Low", "Status: 600 High", "Status: OK", "Status: ")) {
      assertThatThrownBy(() -> CgiHeaders.parse(List.of(status)))
          .isInstanceOf(CgiHeaders.Invalid.class)
          .hasMessageContaining("Status must be");
    }
  }

  @Test
  void aControlCharacterInAValueIsRefused() {
    assertThatThrownBy(() -> CgiHeaders.parse(List.of("X-A: a\u0000b")))
        .isInstanceOf(CgiHeaders.Invalid.class)
        .hasMessageContaining("control character");
  }

  @Test
  void onlyANameColonLineStartsAHeaderBlock() {
    assertThat(CgiHeaders.startsHeaderBlock("Content-Type: text/plain")).isTrue();
    assertThat(CgiHeaders.startsHeaderBlock("X-Empty:")).isTrue();
    assertThat(CgiHeaders.startsHeaderBlock("hello, world")).isFalse();
    assertThat(CgiHeaders.startsHeaderBlock("Note to self: buy milk")).isFalse();
  }

  @Test
  void pathInfoIsPercentDecodedButPlusStaysPlus() {
    assertThat(CgiEnvironment.decode("/a%20b/c+d/%E2%82%AC")).isEqualTo("/a b/c+d/\u20ac");
    assertThat(CgiEnvironment.decode("/broken%2")).isEqualTo("/broken%2");
  }
}
