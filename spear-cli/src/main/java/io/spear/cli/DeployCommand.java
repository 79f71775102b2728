package io.spear.cli;

import io.spear.cli.deploy.AppManifest;
import io.spear.cli.deploy.DeployReport;
import io.spear.cli.deploy.Deployer;
import io.spear.cli.deploy.ManifestReader;
import io.spear.cli.progress.ProgressBars;
import io.spear.client.SmsClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spear deploy}: makes SMS run what an app manifest says, changing only what differs. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Deploy the functions of an app manifest (spear.toml or spear.yaml): upload modules SMS"
            + " does not have, register new functions, update changed ones; prints what it did."
            + " Deploying twice changes nothing.")
final class DeployCommand implements Callable<Integer> {

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      defaultValue = "spear.toml",
      description = "The manifest (default: ${DEFAULT-VALUE}).")
  Path manifest;

  @Option(names = "--prune", description = "Remove the app's functions the manifest no longer has.")
  boolean prune;

  @Override
  public Integer call() throws IOException {
    deploy(client.client(), manifest, prune, spec.commandLine().getOut());
    return 0;
  }

  /** Reads and deploys {@code file}, printing each step and a summary to {@code out}. */
  static DeployReport deploy(SmsClient sms, Path file, boolean prune, PrintWriter out)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CliException("no manifest at " + file + " (spear new <name> writes one)", 2);
    }
    AppManifest app;
    try {
      app = ManifestReader.read(file);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    DeployReport report;
    try {
      report =
          new Deployer(
                  sms,
                  line -> {
                    out.println(line);
                    out.flush();
                  },
                  ProgressBars.forTerminal())
              .deploy(app, prune);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
    out.printf(
        "%s: %s%n",
        app.app(),
        report.nothingChanged()
            ? "nothing changed"
            : "%d uploaded, %d registered, %d updated, %d unchanged, %d removed"
                .formatted(
                    report.uploaded().size(),
                    report.registered().size(),
                    report.updated().size(),
                    report.unchanged().size(),
                    report.removed().size()));
    out.flush();
    return report;
  }
}
