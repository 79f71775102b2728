package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.spearlet.node.NodeIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
    description =
        "Run SMS and one Spearlet in one process on the embedded defaults until interrupted.")
final class UpCommand implements Callable<Integer> {

  @Mixin SmsOptions sms;

  @Option(
      names = "--spearlet-port",
      defaultValue = "8081",
      description = "Spearlet HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int spearletPort;

  @Option(
      names = {"-f", "--file"},
      description = "An app manifest (spear.toml) to deploy once the platform is up.")
  Path manifest;

  @Mixin SpearletOptions spearletOptions;
  @Mixin SecurityOptions security;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    TokenRegistry tokens = security.tokens();
    // With tokens, the Spearlet registers with a fresh node token only the two know; SMS calls the
    // Spearlet with the secret it gives it at registration.
    SecurityOptions.LocalPair pair = SecurityOptions.LocalPair.generate();
    ServerSecurity smsSecurity =
        tokens.isEmpty()
            ? security.security(tokens, Optional.empty())
            : security.security(pair.forSms(tokens), Optional.empty());
    ServerSecurity spearletSecurity =
        tokens.isEmpty()
            ? security.security(tokens, Optional.empty())
            : security.security(tokens, Optional.of(pair.nodeToken()));
    // Both ports are checked before either server starts: no half-up platform, one line.
    SecurityOptions.requireFree("--spearlet-port", sms.host, spearletPort);
    SmsServer server = sms.start(smsSecurity);
    SpearletServer spearlet;
    try {
      spearlet = startSpearlet(server, spearletSecurity);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    var out = spec.commandLine().getOut();
    String host = SmsCommand.displayHost(sms.host);
    out.printf(
        "SMS listening on %s://%s:%d (data in %s)%s%n",
        security.scheme(),
        host,
        server.port(),
        sms.dataLocation(),
        tokens.isEmpty() ? "" : ", tokens required");
    out.printf("Spearlet listening on %s://%s:%d%n", security.scheme(), host, spearlet.port());
    new Banner(
            security.scheme(),
            host,
            server.port(),
            !tokens.isEmpty(),
            Optional.ofNullable(security.tlsCert))
        .lines("spear run <module.wasm>    (stop with Ctrl-C)")
        .forEach(out::println);
    out.flush();
    if (manifest != null) {
      deploy(server.port(), out);
    }
    // Stop the node first so it deregisters while SMS still listens.
    SmsCommand.awaitShutdown(spearlet, server);
    return 0;
  }

  private SpearletServer startSpearlet(SmsServer server, ServerSecurity spearletSecurity) {
    SpearletConfig config =
        spearletOptions.toConfig(
            Map.of(
                "sms_http_addr",
                server.httpAddr(),
                "http_port",
                Integer.toString(spearletPort),
                "bind_host",
                sms.host));
    // Compiled modules are kept beside SMS's data, so a restart need not compile them again.
    return SecurityOptions.starting(
        "--spearlet-port",
        sms.host,
        spearletPort,
        () ->
            SpearletServer.builder(
                    RuntimeConfig.of(config)
                        .withCompiledCodeCache(sms.dataDir.resolve("compiled"))
                        .withSecurity(spearletOptions.nodeSecurity()))
                .ai(spearletOptions.aiConfig())
                .security(spearletSecurity)
                .streams(spearletOptions.streamSettings())
                .egress(spearletOptions.egressPolicy())
                .httpCall(spearletOptions.httpCallLimits())
                .identity(NodeIdentity.storedIn(sms.dataDir.resolve("spearlet")))
                .start());
  }

  private void deploy(int smsPort, java.io.PrintWriter out) {
    // With a token file, the app is deployed as the operator: SPEAR_TOKEN names a user token.
    try (SmsClient client =
        new SmsClient(
            "127.0.0.1:" + smsPort,
            io.spear.support.net.BearerToken.ofNullable(System.getenv("SPEAR_TOKEN")))) {
      DeployCommand.deploy(client, manifest, false, out);
    } catch (IOException | RuntimeException e) {
      // The platform stays up: the manifest can be fixed and deployed again.
      spec.commandLine().getErr().println("error: deploy failed: " + e.getMessage());
    }
  }
}
