package io.spear.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one-shot commands, through the {@code ./spear} launcher (the packaged jar with its AOT
 * cache), from process start to exit. Figure "spear run hello wall time, standalone": the corpus
 * hello run in process, no platform listening; the reference is a whole {@code node} process
 * running the same module with {@code node:wasi}. Figure "spear tasks list wall time": a client
 * command against a running platform holding the hello task (its list route warmed up); the
 * reference is {@code spear --version} in the same run (the launcher and the JVM's start alone);
 * likewise {@code files list}, {@code executions list}, {@code invoke hello}, {@code kv get} and
 * {@code secrets list}.
 */
final class StartupBench {

  // Nothing listens here, so spear run runs standalone.
  private static final String NO_SMS = "http://127.0.0.1:1";
  private static final int SERVER_WARM_UP = 2_000;

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  StartupBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  List<Figure> run() {
    List<Figure> figures = new ArrayList<>();
    figures.add(runHello());
    figures.addAll(clientCommands());
    return figures;
  }

  private Figure runHello() {
    Path root = options.repoRoot();
    Path hello = hello();
    List<String> spear = List.of(root.resolve("spear").toString(), "run", hello.toString());
    List<String> node =
        List.of(
            tools.node().toString(),
            options.benchModule().resolve("src/main/node/run_wasi.mjs").toString(),
            hello.toString());
    // The first run builds the jar when needed and records the AOT cache.
    wallNanos(spear, NO_SMS);
    wallNanos(node, NO_SMS);
    int runs = options.pick(2, 15);
    long[] ours = new long[runs];
    long[] theirs = new long[runs];
    for (int i = 0; i < runs; i++) {
      ours[i] = wallNanos(spear, NO_SMS);
      theirs[i] = wallNanos(node, NO_SMS);
    }
    Stats o = Stats.of(ours);
    Stats t = Stats.of(theirs);
    log.line(
        "startup: spear run hello median %s, node:wasi %s",
        Stats.ms(o.median()), Stats.ms(t.median()));
    return new Figure(
        "startup.run_hello",
        "`spear run hello` wall time, standalone (whole process, median of " + runs + ")",
        Stats.ms(o.median()),
        Stats.ms(t.median()) + " (`node` with `node:wasi`)",
        String.format("%.1fx", o.median() / t.median()),
        "≤ 300 ms",
        Figure.Verdict.of(Stats.millis(o.median()) <= 300),
        o.median());
  }

  /** A one-shot client command measured against the platform: its figure's id and arguments. */
  private record ClientCommand(String id, List<String> args) {}

  // Each against the hello task (registered as "hello"), a kv key and the secrets list.
  private static final List<ClientCommand> CLIENT_COMMANDS =
      List.of(
          new ClientCommand("startup.client_command", List.of("tasks", "list")),
          new ClientCommand("startup.files_list", List.of("files", "list")),
          new ClientCommand("startup.executions_list", List.of("executions", "list")),
          new ClientCommand("startup.invoke_hello", List.of("invoke", "hello")),
          new ClientCommand("startup.kv_get", List.of("kv", "get", "bench", "greeting")),
          new ClientCommand("startup.secrets_list", List.of("secrets", "list")));

  private List<Figure> clientCommands() {
    Path launcher = options.repoRoot().resolve("spear");
    List<String> version = List.of(launcher.toString(), "--version");
    int runs = options.pick(2, 15);
    List<long[]> ours = new ArrayList<>();
    long[] floor = new long[runs];
    try (Platform platform = Platform.start(tools.dir("platform-startup"))) {
      platform.register("hello", platform.upload(helloBytes(), "hello.wasm"));
      // The figure is the command's: the server answers the list warm, as a running one does.
      for (int i = 0; i < SERVER_WARM_UP; i++) {
        platform.getSms("/api/v1/tasks");
      }
      String sms = platform.smsBase();
      wallNanos(spear(launcher, List.of("kv", "put", "bench", "greeting", "hello")), sms);
      for (ClientCommand command : CLIENT_COMMANDS) {
        wallNanos(spear(launcher, command.args()), sms);
        ours.add(new long[runs]);
      }
      wallNanos(version, sms);
      for (int i = 0; i < runs; i++) {
        for (int c = 0; c < CLIENT_COMMANDS.size(); c++) {
          ours.get(c)[i] = wallNanos(spear(launcher, CLIENT_COMMANDS.get(c).args()), sms);
        }
        floor[i] = wallNanos(version, sms);
      }
    }
    Stats f = Stats.of(floor);
    List<Figure> figures = new ArrayList<>();
    for (int c = 0; c < CLIENT_COMMANDS.size(); c++) {
      ClientCommand command = CLIENT_COMMANDS.get(c);
      Stats o = Stats.of(ours.get(c));
      String line = "spear " + String.join(" ", command.args());
      log.line(
          "startup: %s median %s, spear --version %s",
          line, Stats.ms(o.median()), Stats.ms(f.median()));
      figures.add(
          new Figure(
              command.id(),
              "`"
                  + line
                  + "` wall time against a running platform (whole process, median of "
                  + runs
                  + ")",
              Stats.ms(o.median()),
              Stats.ms(f.median()) + " (`spear --version`)",
              String.format("%.1fx", o.median() / f.median()),
              "≤ 400 ms",
              Figure.Verdict.of(Stats.millis(o.median()) <= 400),
              o.median()));
    }
    return figures;
  }

  private static List<String> spear(Path launcher, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    return command;
  }

  private Path hello() {
    return options.repoRoot().resolve("spear-corpus/src/main/resources/corpus/hello.c.wasm");
  }

  private byte[] helloBytes() {
    try {
      return Files.readAllBytes(hello());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long wallNanos(List<String> command, String sms) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("SPEAR_SMS", sms);
    long start = System.nanoTime();
    try {
      Process process = builder.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 600 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + process.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return System.nanoTime() - start;
  }
}
