package io.spear.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class OperatorLoggingTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    // A context of our own, not the test JVM's: it needs the MDC adapter SLF4J would give it.
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
  }

  private String written() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneFlatObjectPerLineWithTheFormattedMessage() throws Exception {
    OperatorLogging.configure(context, LogFormat.JSON, Level.DEBUG, out);
    Logger log = context.getLogger("io.spear.spearlet.invoke.Invoker");

    log.debug("invocation task_id={} status={}", "t-1", "completed");
    log.warn("second \"quoted\"\nline");

    String[] lines = written().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("level").asText()).isEqualTo("DEBUG");
    assertThat(first.get("loggerName").asText()).isEqualTo("io.spear.spearlet.invoke.Invoker");
    assertThat(first.get("formattedMessage").asText())
        .isEqualTo("invocation task_id=t-1 status=completed");
    assertThat(first.get("timestamp").asLong()).isPositive();
    assertThat(first.has("arguments")).isFalse();
    assertThat(new ObjectMapper().readTree(lines[1]).get("formattedMessage").asText())
        .isEqualTo("second \"quoted\"\nline");
  }

  @Test
  void textFormatAtInfoLeavesOutDebugLinesAndKeepsLibrariesAtWarn() {
    OperatorLogging.configure(context, LogFormat.TEXT, Level.INFO, out);

    context.getLogger("io.spear.sms.SmsServer").debug("per-invocation detail");
    context.getLogger("io.spear.sms.SmsServer").info("SMS started");
    context.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
    context.getLogger("org.eclipse.jetty.server.Server").warn("jetty warning");

    assertThat(written())
        .contains("INFO  SmsServer - SMS started", "WARN  Server - jetty warning")
        .doesNotContain("per-invocation detail", "jetty chatter");
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTextAtInfoAndTyposAreRefused() {
    Map<String, String> env =
        Map.of(OperatorLogging.FORMAT_ENV, "json", OperatorLogging.LEVEL_ENV, "warn");

    assertThat(OperatorLogging.Settings.of(Optional.empty(), Optional.empty(), Map.of()))
        .isEqualTo(new OperatorLogging.Settings(LogFormat.TEXT, Level.INFO));
    assertThat(OperatorLogging.Settings.of(Optional.empty(), Optional.empty(), env))
        .isEqualTo(new OperatorLogging.Settings(LogFormat.JSON, Level.WARN));
    assertThat(OperatorLogging.Settings.of(Optional.of("TEXT"), Optional.of("Debug"), env))
        .isEqualTo(new OperatorLogging.Settings(LogFormat.TEXT, Level.DEBUG));
    assertThatThrownBy(
            () -> OperatorLogging.Settings.of(Optional.of("xml"), Optional.empty(), Map.of()))
        .hasMessageContaining("text or json");
    assertThatThrownBy(
            () -> OperatorLogging.Settings.of(Optional.empty(), Optional.of("verbose"), Map.of()))
        .hasMessageContaining("not 'verbose'");
  }
}
