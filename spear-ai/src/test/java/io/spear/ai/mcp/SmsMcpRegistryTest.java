package io.spear.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsMcpRegistryTest {

  private HttpServer sms;
  private HttpClient http;

  @BeforeEach
  void start() throws IOException {
    sms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sms.createContext(
        "/api/v1/mcp/servers",
        exchange -> {
          byte[] body =
              """
              {"success": true, "servers": [{"server_id": "fs", "transport": "stdio",
               "stdio": {"command": "node", "args": ["fs.js"]}, "allowed_tools": ["read_*"]}]}
              """
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    sms.start();
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    http.close();
    sms.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:%d", "http://127.0.0.1:%d", "http://127.0.0.1:%d/"})
  void theRegistryIsReadWhateverFormTheSmsAddressTakes(String form) {
    String address = form.formatted(sms.getAddress().getPort());
    SmsMcpRegistry registry =
        new SmsMcpRegistry(address, http, Duration.ofSeconds(10), System::nanoTime);

    assertThat(registry.find("fs"))
        .hasValueSatisfying(s -> assertThat(s.stdio().command()).isEqualTo("node"));
    assertThat(registry.find("other")).isEmpty();
  }
}
