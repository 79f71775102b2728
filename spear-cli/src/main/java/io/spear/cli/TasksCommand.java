package io.spear.cli;

import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.api.TaskList;
import io.spear.model.api.TaskSpec;
import io.spear.model.json.Json;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear tasks}: register, list, show and unregister tasks on SMS. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Manage tasks registered on SMS.")
final class TasksCommand {

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register a task from a JSON file (- for stdin), or a WASM task from --name and --uri.")
  static final class Register implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "Task JSON file, or - for stdin.")
    String jsonFile;

    @Option(names = "--name", description = "Task name (without a JSON file).")
    String name;

    @Option(names = "--uri", description = "Module URI, e.g. sms+file://<file_id>.")
    String uri;

    @Option(names = "--arg", description = "A guest argument (repeatable).")
    List<String> args = new ArrayList<>();

    @Option(names = "--env", description = "A guest environment variable K=V (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--config", description = "A task config entry K=V (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
      TaskSpec task;
      if (jsonFile != null) {
        String json =
            "-".equals(jsonFile)
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(jsonFile));
        task = parse(json);
      } else if (name != null && uri != null) {
        task = wasmTask(name, uri, args, env, config);
      } else {
        throw new CliException("give a task JSON file, or both --name and --uri", 2);
      }
      Output.json(spec.commandLine().getOut(), client.client().registerTask(task));
      return 0;
    }

    private static TaskSpec parse(String json) {
      try {
        return Json.read(json, TaskSpec.class);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new CliException("the task JSON does not parse: " + e.getMessage(), 2);
      }
    }

    /** The seed document's registration for a WASM module. */
    static TaskSpec wasmTask(
        String name,
        String uri,
        List<String> args,
        Map<String, String> env,
        Map<String, String> config) {
      Executable executable =
          new Executable(
              ExecutableType.WASM,
              uri,
              name.endsWith(".wasm") ? name : name + ".wasm",
              "",
              args,
              env);
      return new TaskSpec(
          name, "", null, "", "", "1.0.0", List.of("wasm"), Map.of(), config, executable);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks.")
  static final class ListTasks implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Mixin ListOutput output;

    @Option(names = "--name", description = "Only tasks with exactly this name.")
    String name;

    @Option(
        names = "--status",
        converter = Converters.Status.class,
        description = "registered, active or inactive.")
    TaskStatus status;

    @Option(
        names = "--priority",
        converter = Converters.Priority.class,
        description = "low, normal, high or urgent.")
    TaskPriority priority;

    @Option(names = "--limit", defaultValue = "100", description = "Page size.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    @Override
    public Integer call() {
      TaskFilter filter = new TaskFilter(name, status, priority, null, limit, offset);
      if (output.json()) {
        Output.raw(spec.commandLine().getOut(), client.client().listTasksJson(filter));
        return 0;
      }
      TaskList tasks = client.client().listTasks(filter);
      output.print(
          spec.commandLine().getOut(),
          tasks,
          tasks.tasks(),
          new ListOutput.Column<Task>("TASK_ID", Task::taskId),
          new ListOutput.Column<Task>("NAME", Task::name),
          new ListOutput.Column<Task>("STATUS", t -> t.status().wire()),
          new ListOutput.Column<Task>("PRIORITY", t -> t.priority().wire()),
          new ListOutput.Column<Task>("ENDPOINT", Task::endpoint),
          new ListOutput.Column<Task>(
              "MODULE", t -> t.executable() == null ? "" : t.executable().uri()));
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a task.")
  static final class Get extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.task(id);
    }

    @Override
    String resolve(SmsClient sms, String given) {
      return TaskRef.resolve(sms, given);
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Unregister a task.")
  static final class Remove extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.deleteTask(id);
    }

    @Override
    String resolve(SmsClient sms, String given) {
      return TaskRef.resolve(sms, given);
    }
  }
}
