package io.spear.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version} for a command declared through picocli's programmatic
 * API, worded as picocli's {@code mixinStandardHelpOptions} words them: that mixin is itself read
 * from annotations.
 */
final class StandardOptions {

  private StandardOptions() {}

  /** Adds both options to {@code spec}. */
  static void addTo(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
  }
}
