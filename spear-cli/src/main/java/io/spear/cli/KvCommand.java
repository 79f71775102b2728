package io.spear.cli;

import io.spear.client.kv.KvClient;
import io.spear.client.kv.KvListing;
import io.spear.client.kv.KvNamespaces;
import io.spear.client.kv.KvValue;
import io.spear.client.kv.KvWrite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear kv}: read, write, delete and list key-value state on SMS. */
@Command(
    name = "kv",
    mixinStandardHelpOptions = true,
    description = "Read, write, delete and list key-value state (see docs/kv.md).")
final class KvCommand {

  private KvCommand() {}

  /** A conditional write or delete that did not hold fails the command with exit code 3. */
  private static final int MISMATCH_EXIT = 3;

  private static Map<String, Object> written(String namespace, String key, KvWrite write) {
    return switch (write) {
      case KvWrite.Written w -> {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("namespace", namespace);
        answer.put("key", key);
        answer.put("version", w.version());
        answer.put("created", w.created());
        yield answer;
      }
      case KvWrite.VersionMismatch m -> throw new CliException(m.message(), MISMATCH_EXIT);
      case KvWrite.NotFound n ->
          throw new CliException("no key '" + key + "' in namespace '" + namespace + "'");
    };
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print a key's value (its bytes as stored), or its version with --meta.")
  static final class Get implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The namespace.")
    String namespace;

    @Parameters(index = "1", description = "The key.")
    String key;

    @Option(names = "--meta", description = "Print {namespace, key, version, size} as JSON.")
    boolean meta;

    @Option(
        names = {"-o", "--output"},
        description = "Write the value to this file instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
      KvValue value;
      try (KvClient kv = client.kvClient()) {
        value =
            kv.get(namespace, key)
                .orElseThrow(
                    () ->
                        new CliException("no key '" + key + "' in namespace '" + namespace + "'"));
      }
      if (meta) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("namespace", namespace);
        answer.put("key", key);
        answer.put("version", value.version());
        answer.put("size", value.value().length);
        Output.json(spec.commandLine().getOut(), answer);
      } else if (output != null) {
        Files.write(output, value.value());
      } else {
        System.out.write(value.value());
        System.out.flush();
      }
      return 0;
    }
  }

  /** The condition of a write. */
  static final class Condition {
    @Option(
        names = "--if-version",
        description = "Write only if the key is at this version (compare-and-set).")
    Long version;

    @Option(names = "--create", description = "Write only if the key does not exist.")
    boolean create;
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Write a key (value from the argument, --file or stdin); prints its version.")
  static final class Put implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The namespace.")
    String namespace;

    @Parameters(index = "1", description = "The key.")
    String key;

    @Parameters(index = "2", arity = "0..1", description = "The value (default: read stdin).")
    String text;

    @Option(names = "--file", description = "Read the value from this file.")
    Path file;

    @ArgGroup(exclusive = true)
    Condition condition;

    @Override
    public Integer call() throws IOException {
      byte[] value =
          file != null
              ? Files.readAllBytes(file)
              : text != null ? text.getBytes(StandardCharsets.UTF_8) : System.in.readAllBytes();
      KvWrite write;
      try (KvClient kv = client.kvClient()) {
        if (condition != null && condition.version != null) {
          write = kv.putIfVersion(namespace, key, value, condition.version);
        } else if (condition != null && condition.create) {
          write = kv.create(namespace, key, value);
        } else {
          write = new KvWrite.Written(kv.put(namespace, key, value), false);
        }
      }
      Map<String, Object> answer = written(namespace, key, write);
      if (condition == null) {
        answer.remove("created");
      }
      Output.json(spec.commandLine().getOut(), answer);
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a key.")
  static final class Remove implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The namespace.")
    String namespace;

    @Parameters(index = "1", description = "The key.")
    String key;

    @Option(names = "--if-version", description = "Delete only if the key is at this version.")
    Long version;

    @Override
    public Integer call() {
      KvWrite write;
      try (KvClient kv = client.kvClient()) {
        write =
            version == null
                ? kv.delete(namespace, key)
                : kv.deleteIfVersion(namespace, key, version);
      }
      Map<String, Object> answer = written(namespace, key, write);
      answer.remove("created");
      Output.json(spec.commandLine().getOut(), answer);
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List a namespace's keys starting with a prefix, a page at a time; with no namespace,"
              + " the namespaces.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;
    @Mixin ListOutput output;

    @Parameters(index = "0", arity = "0..1", description = "The namespace.")
    String namespace;

    @Parameters(index = "1", arity = "0..1", description = "Only keys starting with this.")
    String prefix;

    @Option(names = "--limit", defaultValue = "100", description = "Page size (1..1000).")
    int limit;

    @Option(names = "--cursor", description = "Continue where a listing's next_cursor said.")
    String cursor;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (KvClient kv = client.kvClient()) {
        if (namespace == null) {
          KvNamespaces all = kv.namespaces();
          output.print(
              out,
              all,
              all.namespaces(),
              new ListOutput.Column<KvNamespaces.Namespace>("NAMESPACE", n -> n.namespace()),
              new ListOutput.Column<KvNamespaces.Namespace>("KEYS", n -> n.keys()),
              new ListOutput.Column<KvNamespaces.Namespace>("BYTES", n -> n.bytes()));
          return 0;
        }
        KvListing page =
            kv.list(namespace, prefix == null ? "" : prefix, Optional.ofNullable(cursor), limit);
        output.print(
            out,
            page,
            page.keys(),
            new ListOutput.Column<KvListing.Key>("KEY", k -> k.key()),
            new ListOutput.Column<KvListing.Key>("VERSION", k -> k.version()),
            new ListOutput.Column<KvListing.Key>("BYTES", k -> k.size()));
      }
      return 0;
    }
  }
}
