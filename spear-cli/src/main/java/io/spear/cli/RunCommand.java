package io.spear.cli;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code spear run}: upload, register and invoke a module in one line. Declared through picocli's
 * programmatic API ({@link SpearCli} says why): {@link #spec()} declares, {@link #call()} reads.
 */
final class RunCommand implements Callable<Integer> {

  private final ClientOptions client = new ClientOptions();
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  // Read from the spec when the command runs.
  private Path module;
  private List<String> args;
  private Map<String, String> env;
  private Long timeoutMs;
  private boolean noStdin;
  private List<String> dirs;
  private Path config;
  private boolean standalone;
  private boolean keep;

  private RunCommand() {}

  /** The command's options and parameters, bound to a new command object. */
  static CommandSpec spec() {
    RunCommand command = new RunCommand();
    CommandSpec spec = command.spec.name("run");
    spec.usageMessage()
        .description(
            "Upload a .wasm file, register it as a task and invoke it once: stdin goes to the"
                + " guest, its stdout to stdout, its log to stderr; exits with the guest's exit"
                + " code.");
    spec.addMixin("client", command.client.declared());
    addParameters(spec);
    addOptions(spec);
    StandardOptions.addTo(spec);
    return spec;
  }

  private static void addParameters(CommandSpec spec) {
    spec.addPositional(
        PositionalParamSpec.builder()
            .index("0")
            .required(true)
            .type(Path.class)
            .paramLabel("<module>")
            .description("The WebAssembly module (a WASI command).")
            .build());
    spec.addPositional(
        PositionalParamSpec.builder()
            .index("1..*")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .paramLabel("<args>")
            .description("Arguments for the guest (after --).")
            .build());
  }

  private static void addOptions(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("--env")
            .type(Map.class)
            .auxiliaryTypes(String.class, String.class)
            .paramLabel("<String=String>")
            .description(
                "An environment variable K=V (repeatable), over the env the spear.toml in this"
                    + " directory (or the module's project) gives the function whose module this"
                    + " is.")
            .build());
    spec.addOption(
        OptionSpec.builder("--timeout-ms")
            .type(Long.class)
            .paramLabel("<timeoutMs>")
            .description("Time limit (default: the node's, 30 s).")
            .build());
    spec.addOption(
        OptionSpec.builder("--no-stdin")
            .type(boolean.class)
            .description("Do not pass this command's stdin to the guest.")
            .build());
    spec.addOption(
        OptionSpec.builder("--dir")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .paramLabel("<dirs>")
            .description("Standalone: a directory the guest may use, host:guest (repeatable).")
            .build());
    spec.addOption(
        OptionSpec.builder("--config")
            .type(Path.class)
            .paramLabel("<config>")
            .description("Standalone: YAML with llm: backends (and node limits), as a Spearlet's.")
            .build());
    spec.addOption(
        OptionSpec.builder("--standalone")
            .type(boolean.class)
            .description(
                "Run in this process without SMS (the default when no --sms is given and nothing"
                    + " answers at the default address).")
            .build());
    spec.addOption(
        OptionSpec.builder("--keep")
            .type(boolean.class)
            .description(
                "On a platform: keep the file and task this run creates (default: removed after"
                    + " the run).")
            .build());
  }

  // The parsed values; an option not given is null (false for a flag), a repeatable one empty.
  private void read() {
    module = spec.positionalParameters().get(0).getValue();
    args = orEmpty(spec.positionalParameters().get(1).getValue());
    Map<String, String> givenEnv = option("--env").getValue();
    env = givenEnv == null ? new LinkedHashMap<>() : givenEnv;
    timeoutMs = option("--timeout-ms").getValue();
    noStdin = flag("--no-stdin");
    dirs = orEmpty(option("--dir").getValue());
    config = option("--config").getValue();
    standalone = flag("--standalone");
    keep = flag("--keep");
  }

  private OptionSpec option(String name) {
    return spec.findOption(name);
  }

  private boolean flag(String name) {
    Boolean value = option(name).getValue();
    return value != null && value;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  @Override
  public Integer call() throws Exception {
    read();
    if (!Files.isRegularFile(module)) {
      throw new CliException("not a file: " + module, 2);
    }
    Map<String, String> environment = ManifestEnv.of(module, env);
    if (standalone || (!client.given(spec) && !client.reachable())) {
      byte[] input = noStdin ? new byte[0] : InvocationPrinter.stdinUnlessTerminal(System.in);
      return new StandaloneRun(
              module,
              args,
              environment,
              dirs,
              Duration.ofMillis(timeoutMs == null ? 30_000 : timeoutMs),
              Optional.ofNullable(config),
              CompiledCache.directory())
          .run(input, System.out, System.err);
    }
    if (!dirs.isEmpty() || config != null) {
      throw new CliException(
          (dirs.isEmpty() ? "--config" : "--dir")
              + " applies to a standalone run only, and a platform answers at "
              + client.sms
              + ": add --standalone, or give the node the directory or backend",
          2);
    }
    return onPlatform(client.client(), environment);
  }

  // Uploads, registers and invokes; the file and task go again afterwards unless --keep.
  private int onPlatform(SmsClient sms, Map<String, String> environment) throws Exception {
    String name = module.getFileName().toString();
    FileUploaded file = sms.uploadFile(module, name, Optional.empty());
    String taskId = null;
    try {
      TaskSpec task = TasksCommand.Register.wasmTask(name, file.uri(), args, environment, Map.of());
      taskId = sms.registerTask(task).taskId();
      byte[] input = noStdin ? new byte[0] : InvocationPrinter.stdinUnlessTerminal(System.in);
      InvocationRequest request =
          InvocationRequest.of(taskId, input).with(timeoutMs, null, Map.of());
      Duration wait = Duration.ofMillis(timeoutMs == null ? 30_000 : timeoutMs).plusSeconds(30);
      return InvocationPrinter.print(
          sms.invoke(request, wait), System.out, System.err, InvocationPrinter.interactive());
    } finally {
      cleanUp(sms, taskId, file.id());
    }
  }

  private void cleanUp(SmsClient sms, String taskId, String fileId) {
    if (keep) {
      System.err.println(
          "spear: kept " + (taskId == null ? "" : "task " + taskId + " and ") + "file " + fileId);
      return;
    }
    try {
      if (taskId != null) {
        sms.deleteTask(taskId);
      }
      sms.deleteFile(fileId);
    } catch (ApiCallException e) {
      System.err.println("spear: could not remove what this run created: " + e.getMessage());
    }
  }
}
