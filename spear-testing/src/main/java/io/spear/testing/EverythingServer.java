package io.spear.testing;

import static io.spear.testing.Eventually.eventually;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code @modelcontextprotocol/server-everything} (installed by {@code
 * .ci/install-npm-tools}) in its streamable HTTP mode, on a free loopback port, at {@code /mcp}.
 */
public final class EverythingServer implements AutoCloseable {

  static final Path SCRIPT =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "SPEAR_NPM_CACHE", System.getProperty("user.home") + "/.cache/spear-npm"),
          "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

  /** The port it listens on. */
  public final int port;

  private final Process process;

  private EverythingServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** The server's script ({@code node SCRIPT stdio} runs it over stdio); skips when absent. */
  public static Path script() {
    ExternalTools.require(Files.isRegularFile(SCRIPT), "@modelcontextprotocol/server-everything");
    return SCRIPT;
  }

  /** Starts the server and waits until it accepts connections; skips when it is not installed. */
  public static EverythingServer start() throws IOException {
    ExternalTools.require(Files.isRegularFile(SCRIPT), "@modelcontextprotocol/server-everything");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ProcessBuilder builder =
        new ProcessBuilder("node", SCRIPT.toString(), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PORT", Integer.toString(port));
    EverythingServer server = new EverythingServer(port, builder.start());
    eventually(
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          }
        });
    return server;
  }

  /** The server's MCP endpoint. */
  public String url() {
    return "http://127.0.0.1:" + port + "/mcp";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
