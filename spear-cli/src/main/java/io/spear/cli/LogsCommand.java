package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.model.api.ExecutionLogLine;
import io.spear.model.api.ExecutionLogPage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear logs}: an execution's log, whole or followed until the execution ends. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Print an execution's log: the guest's stderr and spear.log lines, and (marked --) the"
            + " platform's start and end lines.")
final class LogsCommand implements Callable<Integer> {

  private static final int PAGE = 1000;
  private static final long FOLLOW_POLL_MS = 250;

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "EXECUTION",
      description = "The execution id (or use --task / --last).")
  String executionId;

  @Option(names = "--task", description = "The newest execution of this task (name or id).")
  String task;

  @Option(
      names = "--last",
      description = "The newest execution (of --task, when given; else of any task).")
  boolean last;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until the execution ends.")
  boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    SmsClient sms = client.client();
    PrintWriter out = spec.commandLine().getOut();
    String id = executionId != null ? executionId : newest(sms);
    long cursor = 0;
    while (true) {
      ExecutionLogPage page = sms.executionLogs(id, cursor, PAGE);
      for (ExecutionLogLine line : page.lines()) {
        out.println(("system".equals(line.stream()) ? "-- " : "") + line.message());
      }
      out.flush();
      cursor = Math.max(cursor, page.nextCursor());
      if (!page.lines().isEmpty() && page.lines().size() == PAGE) {
        continue;
      }
      if (!follow || page.ended()) {
        if (page.truncated()) {
          out.println("-- (log truncated at the platform's cap)");
          out.flush();
        }
        return 0;
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
  }

  private String newest(SmsClient sms) {
    if (task == null && !last) {
      throw new CliException("name an execution id, or --task NAME (and --last) for its newest", 2);
    }
    String taskId = task == null ? null : TaskRef.resolve(sms, task);
    var page = sms.listExecutions(taskId, null, null, 1, 0);
    if (page.executions().isEmpty()) {
      throw new CliException(
          (task == null ? "no execution yet" : "task '" + task + "' has no execution yet")
              + ": invoke it with spear invoke "
              + (task == null ? "TASK" : task),
          1);
    }
    String id = page.executions().get(0).executionId();
    spec.commandLine().getErr().println("-- execution " + id);
    spec.commandLine().getErr().flush();
    return id;
  }
}
