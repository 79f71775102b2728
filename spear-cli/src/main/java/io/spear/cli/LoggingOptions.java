package io.spear.cli;

import io.spear.cli.logging.OperatorLogging;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level} of the server commands. */
final class LoggingOptions {

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "Log lines on stderr as text (default) or one JSON object per line"
              + " (env SPEAR_LOG_FORMAT).")
  String format;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "trace, debug, info (default), warn, error or off (env SPEAR_LOG_LEVEL); debug adds a"
              + " line per invocation.")
  String level;

  /** Reconfigures logging before anything starts; a bad value is a usage error. */
  void apply() {
    try {
      OperatorLogging.apply(Optional.ofNullable(format), Optional.ofNullable(level));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), 2);
    }
  }
}
