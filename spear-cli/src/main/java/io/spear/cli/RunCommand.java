package io.spear.cli;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear run}: upload, register and invoke a module in one line. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Upload a .wasm file, register it as a task and invoke it once: stdin goes to the guest,"
            + " its stdout to stdout, its log to stderr; exits with the guest's exit code.")
final class RunCommand implements Callable<Integer> {

  @Mixin ClientOptions client;

  @Parameters(index = "0", description = "The WebAssembly module (a WASI command).")
  Path module;

  @Parameters(index = "1..*", description = "Arguments for the guest (after --).")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--env",
      description =
          "An environment variable K=V (repeatable), over the env the spear.toml in this directory"
              + " (or the module's project) gives the function whose module this is.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--timeout-ms", description = "Time limit (default: the node's, 30 s).")
  Long timeoutMs;

  @Option(names = "--no-stdin", description = "Do not pass this command's stdin to the guest.")
  boolean noStdin;

  @Option(
      names = "--dir",
      description = "Standalone: a directory the guest may use, host:guest (repeatable).")
  List<String> dirs = new ArrayList<>();

  @Option(
      names = "--config",
      description = "Standalone: YAML with llm: backends (and node limits), as a Spearlet's.")
  Path config;

  @Option(
      names = "--standalone",
      description =
          "Run in this process without SMS (the default when no --sms is given and nothing"
              + " answers at the default address).")
  boolean standalone;

  @Option(
      names = "--keep",
      description =
          "On a platform: keep the file and task this run creates (default: removed after the"
              + " run).")
  boolean keep;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
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
