package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.model.api.ExecutionList;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code spear executions}: execution records kept by SMS. */
@Command(
    name = "executions",
    mixinStandardHelpOptions = true,
    description = "Show execution records kept by SMS.")
final class ExecutionsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List executions, newest first.")
  static final class ListExecutions implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin ListOutput output;
    @Spec CommandSpec spec;

    @Option(names = "--task", description = "Only this task's (its name or id).")
    String task;

    @Option(
        names = "--status",
        converter = StateConverter.class,
        description = "pending, running, completed, failed, timeout or cancelled.")
    ExecutionState status;

    @Option(names = "--node", description = "Only those this node (uuid) ran.")
    String node;

    @Option(names = "--schedule", description = "Only those this schedule (id) started.")
    String schedule;

    @Option(names = "--limit", defaultValue = "100", description = "Page size.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    @Override
    public Integer call() {
      SmsClient sms = client.client();
      String taskId = task == null ? null : TaskRef.resolve(sms, task);
      if (output.json()) {
        Output.raw(
            spec.commandLine().getOut(),
            sms.listExecutionsJson(taskId, status, node, schedule, limit, offset));
        return 0;
      }
      ExecutionList page = sms.listExecutions(taskId, status, node, schedule, limit, offset);
      output.print(
          spec.commandLine().getOut(),
          page,
          page.executions(),
          new ListOutput.Column<ExecutionRecord>("EXECUTION_ID", ExecutionRecord::executionId),
          new ListOutput.Column<ExecutionRecord>("TASK_ID", ExecutionRecord::taskId),
          new ListOutput.Column<ExecutionRecord>("STATUS", e -> e.status().wire()),
          new ListOutput.Column<ExecutionRecord>("TRIGGER", e -> e.trigger().wire()),
          new ListOutput.Column<ExecutionRecord>("EXIT", ExecutionRecord::exitCode),
          new ListOutput.Column<ExecutionRecord>("DURATION_MS", ExecutionRecord::durationMs),
          new ListOutput.Column<ExecutionRecord>(
              "CREATED", e -> java.time.Instant.ofEpochMilli(e.createdAtMs())));
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one execution.")
  static final class Get extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.execution(id);
    }
  }

  /** Execution states by their wire names. */
  static final class StateConverter implements ITypeConverter<ExecutionState> {
    @Override
    public ExecutionState convert(String value) {
      return ExecutionState.fromWire(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "expected pending, running, completed, failed, timeout or cancelled"));
    }
  }
}
