package io.spear.cli;

import io.spear.sms.SmsServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spear up}: the whole platform in one process on the embedded defaults. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Run the platform in one process on its embedded defaults until interrupted.")
final class UpCommand implements Callable<Integer> {

  @Mixin SmsOptions sms;

  @Option(
      names = "--spearlet-port",
      defaultValue = "8081",
      description = "Spearlet HTTP port (default: ${DEFAULT-VALUE}).")
  int spearletPort;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    SmsServer server = SmsServer.start(sms.toConfig());
    var out = spec.commandLine().getOut();
    out.printf(
        "SMS listening on http://%s:%d (data in %s)%n",
        SmsCommand.displayHost(sms.host), server.port(), sms.dataDir.toAbsolutePath().normalize());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    SmsCommand.awaitShutdown(server);
    return 0;
  }
}
