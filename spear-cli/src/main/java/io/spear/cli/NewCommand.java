package io.spear.cli;

import io.spear.cli.scaffold.GuestTemplate;
import io.spear.cli.scaffold.Scaffolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear new}: scaffolds a guest project from a template. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Create a guest project: the guest SDK of its language (spear.h, the spear-guest"
            + " crate or the AssemblyScript spear folder), its source, build.sh (clang, cargo or"
            + " asc for WASI) and a spear.toml that `spear deploy` deploys.")
final class NewCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The project's name: its directory, module and task.")
  String name;

  @Option(
      names = {"-t", "--template"},
      defaultValue = "c-hello",
      description =
          "c-hello, c-chat, c-stream, c-agent, rust-hello, rust-chat, rust-stream, rust-agent,"
              + " as-hello, as-chat, as-stream or as-agent"
              + " (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(
      names = {"-d", "--dir"},
      description = "Where to write the project (default: ./<name>).")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Scaffolder.Project project;
    GuestTemplate chosen;
    try {
      chosen = GuestTemplate.of(template);
      project = Scaffolder.write(name, chosen, dir != null ? dir : Path.of(name));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "created %s from template %s: %s%n",
        project.dir(), template, String.join(" ", project.files()));
    if (chosen.servesEndpoint()) {
      out.printf(
          "next: cd %s && ./build.sh && spear deploy, then talk to it on the console's Chat page"
              + " (endpoint %s) or with: java docs/streams/StreamEcho.java"
              + " ws://127.0.0.1:8080/e/%s/ws hello%n",
          project.dir(), name, name);
    } else {
      out.printf(
          "next: cd %s && ./build.sh && spear deploy && spear invoke %s%n", project.dir(), name);
    }
    if (!onPath("spear")) {
      out.println("(spear is not on your PATH: run ./spear install in the Spear repository)");
    }
    out.flush();
    return 0;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
            .filter(d -> !d.isBlank())
            .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, command)));
  }
}
