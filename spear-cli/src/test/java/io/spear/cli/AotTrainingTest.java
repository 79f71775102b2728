package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's training run covers every one-shot command, each of its lines works, and the
 * launcher gives those commands the flags the cache was recorded with.
 */
class AotTrainingTest {

  // Servers run for long enough that the cache matters little; help is --help's twin.
  private static final Set<String> NOT_ONE_SHOT = Set.of("up", "sms", "spearlet", "help");
  private static final Path LAUNCHER = Path.of("..", "spear").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static Set<String> oneShotCommands() {
    Set<String> commands = new HashSet<>(SpearCli.commandLine().getSubcommands().keySet());
    commands.removeAll(NOT_ONE_SHOT);
    return commands;
  }

  @Test
  void theTrainingRunsEveryOneShotCommand() {
    Set<String> trained =
        AotTraining.SCRIPT.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());

    assertThat(trained)
        .as("a new one-shot command needs a line in AotTraining.SCRIPT (or NOT_ONE_SHOT here)")
        .containsAll(oneShotCommands())
        .contains("--version", "--help");
  }

  @Test
  void theLauncherGivesTheOneShotFlagsToEveryOneShotCommand() throws Exception {
    Matcher oneShotCase =
        Pattern.compile("(?m)^\\s*(run\\|[^)]*)\\) opts\\+=\\(\"\\$\\{one_shot\\[@]}\"\\)")
            .matcher(Files.readString(LAUNCHER));
    assertThat(oneShotCase.find()).as("the launcher's case of one-shot commands").isTrue();

    assertThat(List.of(oneShotCase.group(1).split("\\|")))
        .containsAll(oneShotCommands())
        .contains("--version", "--help");
  }

  @Test
  void theLauncherPicksTheCacheOfTheFamilyTheTrainingRecordsEachCommandIn() throws Exception {
    Matcher family =
        Pattern.compile("(?m)^\\s*([a-z|]+)\\) family=(run|client) ;;")
            .matcher(Files.readString(LAUNCHER));
    Map<String, String> launcher = new HashMap<>();
    while (family.find()) {
      for (String command : family.group(1).split("\\|")) {
        launcher.put(command, family.group(2));
      }
    }

    assertThat(launcher).as("the launcher's cases of families").isNotEmpty();
    for (String line : AotTraining.SCRIPT) {
      String command = line.split(" ")[0];
      assertThat(launcher.getOrDefault(command, "base"))
          .as("the family of spear %s", line)
          .isEqualTo(AotTraining.family(command));
    }
    assertThat(AotTraining.SCRIPT.stream().map(l -> AotTraining.family(l.split(" ")[0])))
        .as("every family has a training")
        .contains("base", "client", "run");
  }

  @Test
  void theTrainingPlatformNeverSeesTheUsersSpearSettings() {
    Map<String, String> environment = new HashMap<>();
    environment.put("SPEAR_DATABASE_URL", "postgresql://prod/spear");
    environment.put("SPEAR_TOKEN", "secret");
    environment.put("PATH", "/usr/bin");

    TrainingPlatform.withoutSpearSettings(environment);

    assertThat(environment).containsOnlyKeys("PATH");
  }

  @Test
  void everyLineOfTheTrainingSucceedsAgainstAPlatformAndStandalone() throws Exception {
    Path hello = dir.resolve("hello.c.wasm");
    Files.write(hello, Corpus.bytes("hello.c.wasm"));

    List<AotTraining.Outcome> outcomes = AotTraining.run(hello, AotTraining.SCRIPT);

    assertThat(outcomes).hasSameSizeAs(AotTraining.SCRIPT);
    for (AotTraining.Outcome outcome : outcomes) {
      assertThat(outcome.exitCode())
          .as("spear %s: %s", String.join(" ", outcome.args()), outcome.err())
          .isZero();
    }
  }
}
