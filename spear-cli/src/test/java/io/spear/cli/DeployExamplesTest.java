package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.http.auth.TokenRegistry;
import io.spear.spearlet.config.SandboxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The examples in {@code deploy/} parse, have the shape docs/operations.md promises, and use only
 * {@code spear} flags the CLI really has.
 */
class DeployExamplesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");

  /** A {@code spear} invocation found in an example: where, the subcommand and its arguments. */
  record Invocation(String source, List<String> args) {}

  private static List<JsonNode> kubernetesDocuments() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> it =
            new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
          it.readAll().stream().filter(d -> d != null && !d.isNull()).forEach(docs::add);
        }
      }
    }
    return docs;
  }

  private static JsonNode kind(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
  }

  private static List<Invocation> invocations() throws IOException {
    List<Invocation> found = new ArrayList<>();
    for (JsonNode doc : kubernetesDocuments()) {
      for (JsonNode container : doc.path("spec").path("template").path("spec").path("containers")) {
        if (container.path("image").asText().startsWith("spear:")) {
          List<String> args = new ArrayList<>();
          container.path("args").forEach(a -> args.add(a.asText()));
          found.add(new Invocation(doc.path("metadata").path("name").asText(), args));
        }
      }
    }
    try (Stream<Path> units = Files.list(DEPLOY.resolve("systemd"))) {
      for (Path unit : units.filter(f -> f.toString().endsWith(".service")).toList()) {
        String text = Files.readString(unit).replace("\\\n", " ");
        text.lines()
            .filter(l -> l.startsWith("ExecStart="))
            .forEach(
                l -> {
                  List<String> words =
                      new ArrayList<>(Arrays.asList(l.substring(10).trim().split("\\s+")));
                  assertThat(words.removeFirst()).endsWith("/spear");
                  found.add(new Invocation(unit.getFileName().toString(), words));
                });
      }
    }
    return found;
  }

  @Test
  void everySpearFlagTheExamplesUseExists() throws IOException {
    List<Invocation> all = invocations();
    assertThat(all).extracting(i -> i.args().getFirst()).contains("sms", "spearlet");
    CommandLine cli = SpearCli.commandLine();
    for (Invocation invocation : all) {
      CommandLine sub = cli.getSubcommands().get(invocation.args().getFirst());
      assertThat(sub).as(invocation.source()).isNotNull();
      for (String arg : invocation.args().subList(1, invocation.args().size())) {
        if (arg.startsWith("-")) {
          String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
          assertThat(sub.getCommandSpec().findOption(flag))
              .as(invocation.source() + " uses " + flag)
              .isNotNull();
        }
      }
    }
  }

  @Test
  void theKubernetesExampleRunsSeveralSmsReplicasOnPostgresAndASpearletPerNode()
      throws IOException {
    List<JsonNode> docs = kubernetesDocuments();
    assertThat(kind(docs, "Deployment", "spear-sms").path("spec").path("replicas").asInt())
        .isGreaterThan(1);
    kind(docs, "DaemonSet", "spear-spearlet");
    kind(docs, "StatefulSet", "spear-postgres");
    kind(docs, "Service", "spear-sms");
    JsonNode secret = kind(docs, "Secret", "spear-secrets").path("stringData");
    // The token files in the Secret are real token files.
    assertThat(TokenRegistry.parse(secret.path("tokens.yaml").asText().getBytes(), "tokens.yaml"))
        .satisfies(r -> assertThat(r.size()).isEqualTo(4));
    TokenRegistry.parse(secret.path("node-tokens.yaml").asText().getBytes(), "node-tokens.yaml");
    JsonNode spearletConfig =
        new YAMLMapper()
            .readTree(
                kind(docs, "ConfigMap", "spear-spearlet-config")
                    .path("data")
                    .path("spearlet.yaml")
                    .asText());
    assertThat(SandboxSettings.parse(spearletConfig.path("sandbox")).preopenAllow()).isEmpty();
  }

  @Test
  void everyServerInTheExamplesListensBeyondLoopbackOnlyWithTokens() throws IOException {
    for (Invocation invocation : invocations()) {
      String args = String.join(" ", invocation.args());
      if (args.contains("0.0.0.0")) {
        assertThat(args).as(invocation.source()).contains("--token-file");
        assertThat(args).as(invocation.source()).doesNotContain("--insecure");
      }
    }
  }
}
