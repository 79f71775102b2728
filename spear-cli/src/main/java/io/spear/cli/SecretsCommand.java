package io.spear.cli;

import io.spear.model.api.SecretList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spear secrets}: named secrets on SMS that tasks refer to as {@code ${secret:NAME}}. The
 * value is read from a file or stdin, never from the command line (where shell history and {@code
 * ps} would keep it).
 */
@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    description = "Create, list and delete secrets on SMS (values are never shown).")
final class SecretsCommand {

  /** The largest value read, as SMS accepts. */
  static final int MAX_VALUE_BYTES = 64 * 1024;

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Create or replace a secret; the value comes from --value-file or stdin (one trailing"
              + " newline dropped).")
  static final class Set implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
    String name;

    @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value from FILE.")
    Path valueFile;

    @Option(
        names = "--allowed-host",
        paramLabel = "HOST",
        description = "An egress entry the value may be sent to (repeatable).")
    List<String> allowedHosts = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      String value = value();
      var written = client.client().putSecret(name, value, allowedHosts);
      spec.commandLine()
          .getOut()
          .printf("secret %s %s%n", written.name(), written.replaced() ? "replaced" : "created");
      return 0;
    }

    private String value() throws IOException {
      byte[] bytes;
      if (valueFile != null) {
        bytes = Files.readAllBytes(valueFile);
      } else {
        InputStream in = System.in;
        bytes = in.readNBytes(MAX_VALUE_BYTES + 2);
      }
      String value = new String(bytes, StandardCharsets.UTF_8);
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      } else if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - 1);
      }
      if (value.isEmpty()) {
        throw new CliException("no value: give --value-file FILE or pipe the value on stdin", 2);
      }
      return value;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List secrets: names, allowed hosts and times, never values.")
  static final class ListSecrets implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin ListOutput output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (output.json()) {
        Output.raw(spec.commandLine().getOut(), client.client().listSecretsJson());
        return 0;
      }
      SecretList secrets = client.client().listSecrets();
      output.print(
          spec.commandLine().getOut(),
          secrets,
          secrets.secrets(),
          new ListOutput.Column<SecretList.Secret>("NAME", SecretList.Secret::name),
          new ListOutput.Column<SecretList.Secret>(
              "ALLOWED_HOSTS", s -> String.join(",", s.allowedHosts())),
          new ListOutput.Column<SecretList.Secret>(
              "UPDATED", s -> Instant.ofEpochMilli(s.updatedAtMs())));
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a secret.")
  static final class Remove implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
    String name;

    @Override
    public Integer call() {
      client.client().deleteSecret(name);
      spec.commandLine().getOut().printf("secret %s deleted%n", name);
      return 0;
    }
  }
}
