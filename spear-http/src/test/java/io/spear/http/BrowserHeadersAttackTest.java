package io.spear.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hostile page could do with the servers' answers in a victim's browser: frame the console
 * (clickjacking), run scripts from elsewhere in it, or have an answer sniffed as another type. The
 * sites' pages and assets carry a Content-Security-Policy and refuse framing; every answer says
 * {@code nosniff}.
 */
@Timeout(30)
class BrowserHeadersAttackTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  @AfterEach
  void stop() {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theConsolesPagesRefuseFramingAndForeignScriptsAndNoAnswerIsSniffed() throws Exception {
    server =
        HttpServer.builder("headers-test")
            .openApiResource("/openapi/client-limits-test.yaml")
            .staticSite("/site", "/test-site")
            .service(() -> List.of(Route.get("/api/thing", ctx -> ctx.json("x")).publicAccess()))
            .start();

    for (String page : List.of("/site/", "/site/app.js", "/site")) {
      HttpResponse<String> answer = get(page);
      assertThat(answer.headers().firstValue("Content-Security-Policy"))
          .as(page)
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("script-src 'self'")
                      .contains("frame-ancestors 'none'")
                      .doesNotContain("unsafe"));
      assertThat(answer.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
      assertThat(answer.headers().firstValue("X-Content-Type-Options"))
          .as(page)
          .hasValue("nosniff");
    }
    for (String path : List.of("/api/thing", "/health", "/openapi.json", "/no/such/route")) {
      assertThat(get(path).headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .hasValue("nosniff");
    }
  }
}
