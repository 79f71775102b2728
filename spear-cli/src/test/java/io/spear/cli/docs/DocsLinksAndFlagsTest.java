package io.spear.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.cli.SpearCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README.md, the other top-level pages and docs/ point only at what exists: files, headings and the
 * CLI's flags.
 */
class DocsLinksAndFlagsTest {

  /** What the ./spear launcher script handles itself, before the jar. */
  private static final Map<String, Set<String>> LAUNCHER_COMMANDS =
      Map.of("install", Set.of("--prefix", "-h", "--help"));

  private static final Set<String> SPEAR = Set.of("spear", "./spear", "../spear");

  @Test
  void everyRelativeLinkAndAnchorResolves() {
    List<String> broken = new ArrayList<>();
    List<Markdown> pages = Markdown.pages();
    assertThat(pages).hasSizeGreaterThan(8);
    for (Markdown page : pages) {
      for (Map.Entry<Integer, String> link : page.links()) {
        String problem = problem(page, link.getValue());
        if (problem != null) {
          broken.add(where(page.file, link.getKey()) + " " + link.getValue() + ": " + problem);
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everySpearFlagShownInAShellBlockExists() {
    CommandSpec root = SpearCli.commandLine().getCommandSpec();
    List<String> unknown = new ArrayList<>();
    int checked = 0;
    for (Markdown page : Markdown.pages()) {
      for (Markdown.Block block : page.blocks()) {
        if (!ShellCommands.SHELL_LANGUAGES.contains(block.language())) {
          continue;
        }
        for (List<String> words : ShellCommands.of(block.text())) {
          if (!SPEAR.contains(words.get(0))) {
            continue;
          }
          checked++;
          String problem = problem(root, words.subList(1, words.size()));
          if (problem != null) {
            unknown.add(
                where(block.file(), block.line()) + " " + String.join(" ", words) + ": " + problem);
          }
        }
      }
    }
    assertThat(checked).as("spear commands found in shell blocks").isGreaterThan(40);
    assertThat(unknown).as("spear commands the CLI does not have").isEmpty();
  }

  @Test
  void theSlugRulesAreGitHubs() {
    assertThat(Markdown.slug("Apps: `spear.toml` and `spear deploy`"))
        .isEqualTo("apps-speartoml-and-spear-deploy");
    assertThat(Markdown.slug("Libraries we stand on, and why"))
        .isEqualTo("libraries-we-stand-on-and-why");
    assertThat(Markdown.slug("The API (SMS, port 8080)")).isEqualTo("the-api-sms-port-8080");
    assertThat(Markdown.slug("`spear new`, the templates and `spear.h`"))
        .isEqualTo("spear-new-the-templates-and-spearh");
  }

  private static String problem(Markdown page, String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null; // https:, mailto:, ...: not ours to check offline
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page.file : page.file.getParent().resolve(path).normalize();
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (!file.startsWith(Markdown.ROOT)) {
      return "outside the repository";
    }
    if (anchor == null) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> anchors = new Markdown(file).anchors();
    return anchors.contains(anchor)
        ? null
        : "no heading makes #" + anchor + " (has " + anchors + ")";
  }

  /** Walks subcommands and options as picocli would; null when every word is known. */
  private static String problem(CommandSpec root, List<String> args) {
    if (!args.isEmpty() && LAUNCHER_COMMANDS.containsKey(args.get(0))) {
      Set<String> flags = LAUNCHER_COMMANDS.get(args.get(0));
      return args.stream()
          .skip(1)
          .filter(a -> a.startsWith("-") && !flags.contains(a.split("=", 2)[0]))
          .findFirst()
          .map(a -> "no option " + a + " on the launcher's " + args.get(0))
          .orElse(null);
    }
    CommandSpec spec = root;
    boolean positionalSeen = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        return null;
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        OptionSpec option = spec.findOption(arg.split("=", 2)[0]);
        if (option == null) {
          return "no option " + arg.split("=", 2)[0] + " on '" + spec.qualifiedName() + "'";
        }
        if (!arg.contains("=") && option.arity().min() > 0) {
          i++;
        }
      } else if (!positionalSeen && spec.subcommands().containsKey(arg)) {
        spec = spec.subcommands().get(arg).getCommandSpec();
      } else if (spec == root) {
        return "no command '" + arg + "'";
      } else {
        positionalSeen = true;
      }
    }
    return null;
  }

  private static String where(Path file, int line) {
    return Markdown.ROOT.relativize(file) + ":" + line;
  }
}
