package io.spear.cli;

import io.spear.model.json.Json;
import io.spear.support.concurrent.Fatal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run of the AOT caches ({@code ./spear} records one per family of commands after a
 * build with {@code java -XX:AOTCacheOutput=... -cp spear.jar io.spear.cli.AotTraining hello.wasm
 * FAMILY}): the one-shot commands of the family as a user types them, against a platform in a child
 * process and standalone, so that the cache holds what each of them loads and links and a later
 * command maps it instead. One cache per family because a JVM loads every class of its cache when
 * it starts: a cache of all commands would cost {@code --version} the HTTP client's and the
 * engine's.
 */
public final class AotTraining {

  /**
   * The command lines, in order, split at spaces; {@code {sms}}, {@code {module}}, {@code {dir}} (a
   * scratch directory with a {@code spear.toml} for the module) and {@code {file}} (the id the
   * upload answered) are filled in.
   */
  static final List<String> SCRIPT =
      List.of(
          "--version",
          "--help",
          "completion bash",
          "run --standalone --no-stdin {module}",
          "files upload {module} --sms {sms}",
          "files list --sms {sms}",
          "files get {file} --meta --sms {sms}",
          "files get {file} -o {dir}/copy.wasm --sms {sms}",
          "tasks register --name hello --uri sms+file://{file} --sms {sms}",
          "tasks list --sms {sms}",
          "tasks list --output table --sms {sms}",
          "tasks get hello --sms {sms}",
          "invoke hello --sms {sms}",
          "invoke hello --async --sms {sms}",
          "executions list --sms {sms}",
          "executions list --task hello --output table --sms {sms}",
          "nodes list --sms {sms}",
          "kv list --sms {sms}",
          "schedules list --sms {sms}",
          "secrets list --sms {sms}",
          "run --no-stdin {module} --sms {sms}",
          "deploy -f {dir}/spear.toml --sms {sms}",
          "new trained --dir {dir}/new",
          "logs --task hello --last --sms {sms}",
          "tasks rm hello --sms {sms}",
          "files prune --sms {sms}");

  /** The commands of the client family: those that only talk to SMS. */
  static final Set<String> CLIENT =
      Set.of(
          "files",
          "tasks",
          "invoke",
          "executions",
          "nodes",
          "kv",
          "schedules",
          "secrets",
          "logs",
          "deploy");

  /** What one command line did. */
  record Outcome(List<String> args, int exitCode, String err) {}

  private AotTraining() {}

  /**
   * Runs the training of a family (all lines without one) with the module given (the corpus hello);
   * exits 0 once it has run.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: AotTraining MODULE.wasm [base|client|run]");
      System.exit(2);
    }
    Fatal.installUncaughtHandler();
    List<String> lines =
        args.length == 1
            ? SCRIPT
            : SCRIPT.stream().filter(l -> family(l.split(" ")[0]).equals(args[1])).toList();
    List<Outcome> failed =
        run(Path.of(args[0]).toAbsolutePath(), lines).stream()
            .filter(o -> o.exitCode() != 0)
            .toList();
    // A failed line leaves a cache that serves the others; the tests keep every line working.
    for (Outcome o : failed) {
      System.err.printf(
          "aot training: spear %s exited %d: %s%n",
          String.join(" ", o.args()), o.exitCode(), o.err().strip());
    }
    System.exit(0);
  }

  /**
   * The family of a command, as the launcher picks a cache: {@code run} (which also serves the
   * servers), {@code client} or {@code base} (help, version, completion, new).
   */
  static String family(String command) {
    if (command.equals("run")) {
      return "run";
    }
    return CLIENT.contains(command) ? "client" : "base";
  }

  /**
   * Runs the lines against a temporary platform when one of them needs it (without one when none
   * starts, the lines that need none); answers what each did.
   */
  static List<Outcome> run(Path module, List<String> lines) throws IOException {
    Path dir = Files.createTempDirectory("spear-aot-training-");
    try {
      Files.writeString(
          dir.resolve("spear.toml"),
          "app = \"trained\"\n\n[[functions]]\nname = \"trained\"\nmodule = \""
              + module.toString().replace("\\", "\\\\").replace("\"", "\\\"")
              + "\"\n",
          StandardCharsets.UTF_8);
      Map<String, String> values = new HashMap<>();
      values.put("{module}", module.toString());
      values.put("{dir}", dir.toString());
      if (lines.stream().noneMatch(l -> l.contains("{sms}"))) {
        return runLines(lines, values);
      }
      TrainingPlatform platform;
      try {
        platform = TrainingPlatform.start(dir.resolve("data"));
      } catch (IOException | RuntimeException e) {
        System.err.println("aot training: no platform (" + e.getMessage() + "), standalone only");
        return runLines(lines.stream().filter(l -> !l.contains("{sms}")).toList(), values);
      }
      try (platform) {
        values.put("{sms}", platform.smsUrl());
        return runLines(lines, values);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static List<Outcome> runLines(List<String> lines, Map<String, String> values) {
    List<Outcome> outcomes = new ArrayList<>();
    for (String line : lines) {
      StringWriter out = new StringWriter();
      Outcome outcome = execute(fill(line, values), out);
      if (line.startsWith("files upload") && outcome.exitCode() == 0) {
        values.put("{file}", Json.tree(out.toString()).path("id").asText());
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private static List<String> fill(String line, Map<String, String> values) {
    return Arrays.stream(line.split(" "))
        .map(
            word -> {
              String filled = word;
              for (Map.Entry<String, String> v : values.entrySet()) {
                filled = filled.replace(v.getKey(), v.getValue());
              }
              return filled;
            })
        .toList();
  }

  // As SpearCli.main runs a command, without exiting; what a guest prints goes to System.out.
  private static Outcome execute(List<String> args, StringWriter out) {
    CommandLine cli = SpearCli.forArgs(args.toArray(String[]::new));
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args.toArray(String[]::new));
    return new Outcome(args, code, err.toString());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
