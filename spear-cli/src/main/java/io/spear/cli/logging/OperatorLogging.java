package io.spear.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback for the {@code spear} process: every line on stderr, as text or as JSON, at a
 * level chosen by flag or by {@code SPEAR_LOG_LEVEL}; the libraries' chatter at WARN.
 *
 * <p>The per-invocation line of a node ({@code invocation task_id=... status=...}) is at DEBUG, so
 * {@code --log-level debug} shows one line per invocation. Secrets are never logged: no logger of
 * ours formats a token or an API key, and requests' headers are not logged at any level.
 */
public final class OperatorLogging {

  /** Environment variable naming the default format. */
  public static final String FORMAT_ENV = "SPEAR_LOG_FORMAT";

  /** Environment variable naming the default level. */
  public static final String LEVEL_ENV = "SPEAR_LOG_LEVEL";

  private static final String APPENDER = "spear";
  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5level %logger{0} - %msg%n%ex";

  /**
   * Libraries that say too much at INFO; they keep WARN at every level of ours. Apache HttpClient
   * (http_call, MCP over HTTP) writes every request's headers and bytes at DEBUG: secrets the host
   * substituted into headers among them.
   */
  private static final List<String> QUIET =
      List.of(
          "org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari", "org.apache.hc");

  private OperatorLogging() {}

  /** Logging as the environment asks ({@code SPEAR_LOG_FORMAT}, {@code SPEAR_LOG_LEVEL}). */
  public static void configureFromEnvironment(LoggerContext context) {
    Settings settings = Settings.of(Optional.empty(), Optional.empty(), System.getenv());
    configure(context, settings.format(), settings.level(), Optional.empty());
  }

  /**
   * Reconfigures this process's logging: {@code format} and {@code level} when given, else the
   * environment's, else text at INFO.
   *
   * @throws IllegalArgumentException for an unknown format or level
   */
  public static void apply(Optional<String> format, Optional<String> level) {
    Settings settings = Settings.of(format, level, System.getenv());
    configure(context(), settings.format(), settings.level(), Optional.empty());
  }

  /** Only warnings and errors unless {@code SPEAR_LOG_LEVEL} asks for more (one-shot commands). */
  public static void quietUnlessAsked() {
    if (System.getenv(LEVEL_ENV) == null) {
      context().getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  /** Text at INFO on stderr. */
  static void configureDefaults(LoggerContext context) {
    configure(context, LogFormat.TEXT, Level.INFO, Optional.empty());
  }

  /** Writes to {@code target} instead of stderr (tests). */
  static void configure(LoggerContext context, LogFormat format, Level level, OutputStream target) {
    configure(context, format, level, Optional.of(target));
  }

  private static void configure(
      LoggerContext context, LogFormat format, Level level, Optional<OutputStream> target) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    OutputStreamAppender<ILoggingEvent> appender;
    if (target.isPresent()) {
      appender = new OutputStreamAppender<>();
      appender.setOutputStream(target.get());
    } else {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    }
    appender.setContext(context);
    appender.setName(APPENDER);
    LazyEncoder encoder = new LazyEncoder(() -> encoder(context, format));
    encoder.setContext(context);
    encoder.start();
    appender.setEncoder(encoder);
    appender.start();
    root.addAppender(appender);
    root.setLevel(level);
    for (String name : QUIET) {
      context.getLogger(name).setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      // One flat object per line: time, level, thread, logger, the formatted message, MDC,
      // key-values and the throwable; not the raw template, its arguments or the context.
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  /** A format and a level, from flags first, then the environment. */
  record Settings(LogFormat format, Level level) {

    static Settings of(
        Optional<String> format, Optional<String> level, Map<String, String> environment) {
      String formatName =
          format.or(() -> Optional.ofNullable(environment.get(FORMAT_ENV))).orElse("text");
      String levelName =
          level.or(() -> Optional.ofNullable(environment.get(LEVEL_ENV))).orElse("info");
      return new Settings(LogFormat.of(formatName), level(levelName));
    }

    private static Level level(String name) {
      String upper = name.trim().toUpperCase(Locale.ROOT);
      // Level.toLevel answers DEBUG for anything it does not know; a typo must not pass.
      if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(upper)) {
        throw new IllegalArgumentException(
            "log level must be trace, debug, info, warn, error or off, not '" + name + "'");
      }
      return Level.toLevel(upper);
    }
  }
}
