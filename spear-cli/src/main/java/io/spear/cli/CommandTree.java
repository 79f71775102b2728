package io.spear.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands of {@code spear} in the order help lists them, each with its name and, for a group,
 * its subcommands. picocli builds a command by reflection on its annotations, which costs a third
 * of a one-shot command's CPU when the whole tree is built: a command line builds only the branch
 * its arguments name (CommandTreeTest keeps these names equal to the annotations').
 */
final class CommandTree {

  /**
   * A command: its name, its class, what picocli builds it from (the annotated class, or the spec
   * of a command declared through the programmatic API), and its subcommands (none for a leaf).
   */
  record Node(String name, Class<?> type, Supplier<Object> command, List<Node> subcommands) {}

  static final List<Node> TOP =
      List.of(
          leaf("up", UpCommand.class),
          new Node("run", RunCommand.class, RunCommand::spec, List.of()),
          leaf("deploy", DeployCommand.class),
          leaf("new", NewCommand.class),
          leaf("sms", SmsCommand.class),
          leaf("spearlet", SpearletCommand.class),
          group(
              "files",
              FilesCommand.class,
              leaf("upload", FilesCommand.Upload.class),
              leaf("list", FilesCommand.ListFiles.class),
              leaf("get", FilesCommand.Get.class),
              leaf("rm", FilesCommand.Remove.class),
              leaf("prune", FilesCommand.Prune.class)),
          group(
              "tasks",
              TasksCommand.class,
              leaf("register", TasksCommand.Register.class),
              leaf("list", TasksCommand.ListTasks.class),
              leaf("get", TasksCommand.Get.class),
              leaf("rm", TasksCommand.Remove.class)),
          leaf("invoke", InvokeCommand.class),
          group(
              "executions",
              ExecutionsCommand.class,
              leaf("list", ExecutionsCommand.ListExecutions.class),
              leaf("get", ExecutionsCommand.Get.class)),
          group("nodes", NodesCommand.class, leaf("list", NodesCommand.ListNodes.class)),
          group(
              "schedules",
              SchedulesCommand.class,
              leaf("create", SchedulesCommand.Create.class),
              leaf("list", SchedulesCommand.ListSchedules.class),
              leaf("get", SchedulesCommand.Get.class),
              leaf("pause", SchedulesCommand.Pause.class),
              leaf("resume", SchedulesCommand.Resume.class),
              leaf("rm", SchedulesCommand.Remove.class)),
          group(
              "secrets",
              SecretsCommand.class,
              leaf("set", SecretsCommand.Set.class),
              leaf("list", SecretsCommand.ListSecrets.class),
              leaf("rm", SecretsCommand.Remove.class)),
          leaf("logs", LogsCommand.class),
          group(
              "kv",
              KvCommand.class,
              leaf("get", KvCommand.Get.class),
              leaf("put", KvCommand.Put.class),
              leaf("rm", KvCommand.Remove.class),
              leaf("list", KvCommand.ListKeys.class)),
          leaf("completion", CompletionCommand.class),
          leaf("help", CommandLine.HelpCommand.class));

  // Commands that describe the others, and so need all of them.
  private static final List<String> DESCRIBING = List.of("help", "completion");

  private CommandTree() {}

  /**
   * Adds to {@code root} the commands {@code args} can reach: for {@code --version} none; for a
   * command named first, only it, and of a group only the subcommand named second when there is
   * one; otherwise (help, completion, no or an unknown command) all of them.
   */
  static void addTo(CommandLine root, String... args) {
    String first = args.length == 0 ? "" : args[0];
    if (first.equals("--version") || first.equals("-V")) {
      return;
    }
    List<Node> named =
        DESCRIBING.contains(first)
            ? List.of()
            : TOP.stream().filter(n -> n.name().equals(first)).toList();
    for (Node node : named.isEmpty() ? TOP : named) {
      add(root, node, named.isEmpty() || args.length < 2 ? "" : args[1]);
    }
  }

  private static void add(CommandLine parent, Node node, String next) {
    Object command = node.command().get();
    parent.addSubcommand(
        node.name(), command instanceof CommandSpec spec ? new CommandLine(spec) : command);
    CommandLine added = parent.getSubcommands().get(node.name());
    List<Node> only = node.subcommands().stream().filter(n -> n.name().equals(next)).toList();
    for (Node sub : only.isEmpty() ? node.subcommands() : only) {
      add(added, sub, "");
    }
  }

  private static Node leaf(String name, Class<?> type) {
    return new Node(name, type, () -> type, List.of());
  }

  private static Node group(String name, Class<?> type, Node... subcommands) {
    return new Node(name, type, () -> type, List.of(subcommands));
  }
}
