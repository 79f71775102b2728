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

  /** The environment variable that once held SMS's one token for every Spearlet. */
  static final String OLD_SPEARLET_TOKEN_ENV = "SPEAR_SPEARLET_TOKEN";

  // Removed: one static token, accepted as `user` by every Spearlet, went to whichever node SMS
  // forwarded to, so a forged node could replay it everywhere. Refused loudly, so that operators
  // also drop it from their Spearlets' token files.
  @Option(names = "--spearlet-token", hidden = true)
  String spearletToken;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    if (spearletToken != null) {
      throw new CliException(
          "--spearlet-token is no longer used: SMS presents to each node a secret it gives that"
              + " node when it registers. Remove the option, and the token's entry (role user)"
              + " from the Spearlets' token files.",
          2);
    }
    String oldToken = System.getenv(OLD_SPEARLET_TOKEN_ENV);
    if (oldToken != null && !oldToken.isBlank()) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: "
                  + OLD_SPEARLET_TOKEN_ENV
                  + " is ignored (SMS presents to each node a secret it gives that node when it"
                  + " registers); remove it, and its entry (role user) from the Spearlets' token"
                  + " files.");
    }
    SmsServer server = sms.start(security.security(security.tokens(), Optional.empty()));
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
