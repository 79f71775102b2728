package io.spear.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyEncoderTest {

  private final LoggerContext context = new LoggerContext();
  private final AtomicInteger made = new AtomicInteger();

  private Encoder<ILoggingEvent> pattern() {
    made.incrementAndGet();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    return encoder;
  }

  @Test
  void theEncoderIsMadeOnTheFirstLineOnlyAndEncodesEveryLine() {
    LazyEncoder lazy = new LazyEncoder(this::pattern);
    lazy.start();

    assertThat(lazy.headerBytes()).isNull();
    assertThat(made).hasValue(0);
    byte[] first = lazy.encode(event("one"));
    byte[] second = lazy.encode(event("two"));

    assertThat(made).hasValue(1);
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("WARN one\n");
    assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo("WARN two\n");
  }

  @Test
  void stoppingWithoutALineMakesNothing() {
    LazyEncoder lazy = new LazyEncoder(this::pattern);
    lazy.start();
    lazy.stop();

    assertThat(lazy.footerBytes()).isNull();
    assertThat(made).hasValue(0);
    assertThat(lazy.isStarted()).isFalse();
  }

  private LoggingEvent event(String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLevel(Level.WARN);
    event.setMessage(message);
    event.setLoggerName("test");
    return event;
  }
}
