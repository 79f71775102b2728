package io.spear.cli;

import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.model.api.InvocationRequest;
import io.spear.model.execution.ExecutionMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear invoke}: runs a registered task once through SMS. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description =
        "Invoke a task through SMS: the guest's stdout goes to stdout, its log to stderr, and the"
            + " command exits with the guest's exit code.")
final class InvokeCommand implements Callable<Integer> {

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "The task: its name (as spear deploy registered it) or its id.")
  String task;

  @Option(
      names = {"-d", "--data"},
      description =
          "The guest's stdin: text, @file, or - for this command's stdin (default: none).")
  String data;

  @Option(names = "--async", description = "Answer at once with the execution id.")
  boolean async;

  @Option(names = "--timeout-ms", description = "Time limit (default: the node's, 30 s).")
  Long timeoutMs;

  @Option(names = "--function", description = "Export to call instead of _start.")
  String function;

  @Option(names = "--env", description = "An environment variable K=V (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    SmsClient sms = client.client();
    InvocationRequest request =
        InvocationRequest.of(TaskRef.resolve(sms, task), input())
            .withMode(async ? ExecutionMode.ASYNC : ExecutionMode.SYNC)
            .with(timeoutMs, function, env);
    Duration wait = Duration.ofMillis(timeoutMs == null ? 30_000 : timeoutMs).plusSeconds(30);
    InvocationAnswer answer = sms.invoke(request, wait);
    if (async) {
      Output.json(spec.commandLine().getOut(), answer.body());
      return answer.status() / 100 == 2 ? 0 : 1;
    }
    return InvocationPrinter.print(answer, System.out, System.err, InvocationPrinter.interactive());
  }

  private byte[] input() throws IOException {
    if (data == null) {
      return new byte[0];
    }
    if (data.equals("-")) {
      return System.in.readAllBytes();
    }
    if (data.startsWith("@")) {
      return Files.readAllBytes(Path.of(data.substring(1)));
    }
    return data.getBytes(StandardCharsets.UTF_8);
  }
}
