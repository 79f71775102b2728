package io.spear.spearlet.reliability;

import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.spearlet.SpearletServer;
import io.spear.spearlet.node.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Spearlet in a JVM of its own, for tests that kill it ({@code kill -9}) or start it with a small
 * heap: {@code SpearletMain <sms host:port> <data dir>}. It prints {@value #PORT_LINE}{@code
 * <port>} once it listens, then serves until killed.
 */
public final class SpearletMain {

  /** The line announcing the port, followed by the port number. */
  public static final String PORT_LINE = "spearlet-port=";

  private SpearletMain() {}

  /** Starts the Spearlet and never returns. */
  public static void main(String[] args) throws InterruptedException {
    SpearletConfig config =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(args[0])
            .bindHost("127.0.0.1")
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    SpearletServer spearlet =
        SpearletServer.builder(RuntimeConfig.of(config))
            .identity(NodeIdentity.storedIn(Path.of(args[1])))
            .start();
    System.out.println(PORT_LINE + spearlet.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
