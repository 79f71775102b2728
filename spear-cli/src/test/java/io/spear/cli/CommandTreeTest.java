package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** Which commands a command line builds, and that the tree's names are the commands' own. */
class CommandTreeTest {

  @Test
  void everyNameInTheTreeIsItsCommandsDeclaredName() {
    for (CommandTree.Node top : CommandTree.TOP) {
      Object command = top.command().get();
      assertThat(
              command instanceof CommandSpec spec
                  ? spec.name()
                  : top.type().getAnnotation(Command.class).name())
          .isEqualTo(top.name());
      for (CommandTree.Node sub : top.subcommands()) {
        assertThat(sub.type().getAnnotation(Command.class).name())
            .as(top.name())
            .isEqualTo(sub.name());
        assertThat(sub.type().getAnnotation(Command.class).subcommands()).isEmpty();
      }
    }
  }

  @Test
  void aCommandNamedFirstIsTheOnlyOneBuiltWhileHelpAndCompletionSeeThemAll() {
    assertThat(SpearCli.forArgs("run", "x.wasm").getSubcommands()).containsOnlyKeys("run");
    assertThat(SpearCli.forArgs("tasks").getSubcommands()).containsOnlyKeys("tasks");
    assertThat(SpearCli.forArgs("--version").getSubcommands()).isEmpty();
    for (String first : List.of("", "help", "completion", "--help", "no-such-command")) {
      assertThat(SpearCli.forArgs(first).getSubcommands())
          .as(first)
          .containsKeys("up", "run", "deploy", "sms", "spearlet", "tasks", "help", "completion");
    }
  }

  @Test
  void aGroupBuildsOnlyTheSubcommandNamedSecondAndAllOtherwise() {
    assertThat(tasks("tasks", "list", "--output", "table")).containsOnlyKeys("list");
    assertThat(tasks("tasks")).containsOnlyKeys("register", "list", "get", "rm");
    assertThat(tasks("tasks", "--help")).containsOnlyKeys("register", "list", "get", "rm");
    assertThat(tasks("tasks", "lst")).containsOnlyKeys("register", "list", "get", "rm");
    assertThat(SpearCli.commandLine().getSubcommands().get("kv").getSubcommands())
        .containsOnlyKeys("get", "put", "rm", "list");
  }

  @Test
  void aSubcommandBuiltAloneStillTakesTheInheritedDebugOption() {
    String[] args = {"tasks", "list", "--debug", "--sms", "http://127.0.0.1:1"};
    CommandLine.ParseResult parsed = SpearCli.forArgs(args).parseArgs(args);

    assertThat(SpearCli.debugging(parsed)).isTrue();
  }

  @Test
  void aGroupsHelpListsAllItsSubcommandsInOrder() {
    CliRun help = CliRun.of("schedules", "--help");

    assertThat(help.out())
        .containsSubsequence("create", "list", "get", "pause", "resume", "rm")
        .contains("Invoke tasks on a schedule");
  }

  private static java.util.Map<String, CommandLine> tasks(String... args) {
    return SpearCli.forArgs(args).getSubcommands().get("tasks").getSubcommands();
  }
}
