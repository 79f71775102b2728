package io.spear.cli;

import io.spear.client.SmsAddresses;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.spearlet.SpearletServer;
import io.spear.spearlet.node.NodeIdentity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spear spearlet}: runs a node agent against an SMS. */
@Command(
    name = "spearlet",
    mixinStandardHelpOptions = true,
    description = "Run a node agent (Spearlet) until interrupted.")
final class SpearletCommand implements Callable<Integer> {

  @Option(
      names = "--sms",
      description =
          "SMS address, or several replicas' as host:port,host:port (failed over in order)"
              + " (default: from config, else 127.0.0.1:8080).")
  String sms;

  @Option(names = "--port", description = "HTTP port (default: from config, else 8081; 0 = free).")
  Integer port;

  @Option(
      names = "--host",
      description =
          "Interface to listen on (default: 127.0.0.1); beyond loopback a --token-file is"
              + " required unless --insecure.")
  String host;

  @Option(
      names = "--node-token",
      defaultValue = "${env:SPEAR_NODE_TOKEN}",
      description =
          "Bearer token (role node) this Spearlet presents to SMS (default: env SPEAR_NODE_TOKEN,"
              + " else SPEAR_TOKEN).")
  String nodeToken;

  @Option(
      names = "--data-dir",
      description =
          "Where the node keeps its uuid, so that after a restart it registers again as the same"
              + " node and SMS ends the executions it lost (default: none, a new node at every"
              + " start).")
  Path dataDir;

  @Mixin SpearletOptions options;
  @Mixin SecurityOptions security;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    Map<String, String> fixed = new LinkedHashMap<>();
    if (sms != null) {
      fixed.put("sms_http_addr", sms);
    }
    if (port != null) {
      fixed.put("http_port", port.toString());
    }
    if (host != null) {
      fixed.put("bind_host", host);
    }
    SpearletConfig config = options.toConfig(fixed);
    Optional<String> smsToken =
        Optional.ofNullable(nodeToken)
            .or(() -> Optional.ofNullable(System.getenv(SecurityOptions.TOKEN_ENV)));
    SpearletServer spearlet =
        SecurityOptions.starting(
            "--port",
            config.bindHost(),
            config.httpPort(),
            () ->
                SpearletServer.builder(
                        RuntimeConfig.of(config).withSecurity(options.nodeSecurity()))
                    .ai(options.aiConfig())
                    .security(security.security(security.tokens(), smsToken))
                    .streams(options.streamSettings())
                    .egress(options.egressPolicy())
                    .httpCall(options.httpCallLimits())
                    .identity(
                        dataDir == null ? NodeIdentity.inMemory() : NodeIdentity.storedIn(dataDir))
                    .start());
    var out = spec.commandLine().getOut();
    out.printf(
        "Spearlet listening on %s://%s:%d (SMS %s)%n",
        security.scheme(),
        SmsCommand.displayHost(config.bindHost()),
        spearlet.port(),
        SmsAddresses.parse(config.smsHttpAddr()));
    out.flush();
    SmsCommand.awaitShutdown(spearlet);
    return 0;
  }
}
