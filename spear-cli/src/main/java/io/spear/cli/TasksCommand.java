package io.spear.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import io.spear.model.json.Json;
import java.io.IOException;
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
    description = "Manage tasks registered on SMS.",
    subcommands = {
      TasksCommand.Register.class,
      TasksCommand.ListTasks.class,
      TasksCommand.Get.class,
      TasksCommand.Remove.class
    })
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
      String json;
      if (jsonFile != null) {
        json =
            "-".equals(jsonFile)
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(jsonFile));
      } else if (name != null && uri != null) {
        json = Json.write(wasmTask(name, uri, args, env, config));
      } else {
        throw new CliException("give a task JSON file, or both --name and --uri", 2);
      }
      Output.json(spec.commandLine().getOut(), client.client().registerTask(json));
      return 0;
    }

    /** The seed document's registration JSON for a WASM module. */
    static Map<String, Object> wasmTask(
        String name,
        String uri,
        List<String> args,
        Map<String, String> env,
        Map<String, String> config) {
      Map<String, Object> executable = new LinkedHashMap<>();
      executable.put("type", "wasm");
      executable.put("uri", uri);
      executable.put("name", name.endsWith(".wasm") ? name : name + ".wasm");
      executable.put("args", args);
      executable.put("env", env);
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("name", name);
      task.put("priority", "normal");
      task.put("endpoint", "");
      task.put("version", "1.0.0");
      task.put("capabilities", List.of("wasm"));
      task.put("metadata", Map.of());
      task.put("config", config);
      task.put("executable", executable);
      return task;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks.")
  static final class ListTasks implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Option(names = "--status", description = "registered, active or inactive.")
    String status;

    @Option(names = "--priority", description = "low, normal, high or urgent.")
    String priority;

    @Option(names = "--limit", defaultValue = "100", description = "Page size.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    @Override
    public Integer call() {
      Map<String, Object> filters = new LinkedHashMap<>();
      filters.put("status", status);
      filters.put("priority", priority);
      filters.put("limit", limit);
      filters.put("offset", offset);
      Output.json(spec.commandLine().getOut(), client.client().listTasks(filters));
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a task.")
  static final class Get extends ByIdCommand {
    @Override
    JsonNode request(SmsClient sms, String id) {
      return sms.taskJson(id);
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Unregister a task.")
  static final class Remove extends ByIdCommand {
    @Override
    JsonNode request(SmsClient sms, String id) {
      return sms.deleteTask(id);
    }
  }
}
