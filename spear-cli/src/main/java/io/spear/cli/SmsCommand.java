package io.spear.cli;

import io.spear.sms.SmsServer;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spear sms}: runs the metadata server alone. */
@Command(
    name = "sms",
    mixinStandardHelpOptions = true,
    description = "Run the metadata server (SMS) until interrupted.")
final class SmsCommand implements Callable<Integer> {

  @Mixin SmsOptions sms;
  @Mixin SecurityOptions security;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--spearlet-token",
      defaultValue = "${env:SPEAR_SPEARLET_TOKEN}",
      description =
          "Bearer token SMS presents to Spearlets when it forwards invocations (default: env"
              + " SPEAR_SPEARLET_TOKEN).")
  String spearletToken;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    SmsServer server =
        sms.start(security.security(security.tokens(), Optional.ofNullable(spearletToken)));
    spec.commandLine()
        .getOut()
        .printf(
            "SMS listening on %s://%s:%d (data in %s)%s%n",
            security.scheme(),
            displayHost(sms.host),
            server.port(),
            sms.dataLocation(),
            security.tokens().isEmpty() ? "" : ", tokens required");
    new Banner(
            security.scheme(),
            displayHost(sms.host),
            server.port(),
            !security.tokens().isEmpty(),
            Optional.ofNullable(security.tlsCert))
        .lines("spear tasks list    (start a node with spear spearlet)")
        .forEach(spec.commandLine().getOut()::println);
    spec.commandLine().getOut().flush();
    awaitShutdown(server);
    return 0;
  }

  static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
  }

  /** Blocks until the JVM is asked to stop, then closes {@code closeables} in order. */
  static void awaitShutdown(AutoCloseable... closeables) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable c : closeables) {
                    try {
                      c.close();
                    } catch (Exception e) {
                      System.err.println("error while stopping: " + e);
                    }
                  }
                  stopped.countDown();
                },
                "spear-shutdown"));
    stopped.await();
  }
}
