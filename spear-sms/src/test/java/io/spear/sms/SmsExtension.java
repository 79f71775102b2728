package io.spear.sms;

import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMS on a free port over a fresh data directory for each test, stopped and deleted after
 * it: {@code @RegisterExtension final SmsExtension sms = SmsExtension.create();}.
 */
final class SmsExtension implements BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<SmsConfig> customize;
  private Path dataDir;
  private SmsTestServer current;

  private SmsExtension(UnaryOperator<SmsConfig> customize) {
    this.customize = customize;
  }

  /** An SMS on the embedded defaults (loopback, free port). */
  static SmsExtension create() {
    return new SmsExtension(c -> c);
  }

  /** An SMS whose configuration the test adjusts (the data directory and port are set after). */
  static SmsExtension with(UnaryOperator<SmsConfig> customize) {
    return new SmsExtension(customize);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("spear-sms-test");
    current = SmsTestServer.start(config());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (current != null) {
      current.close();
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(SmsExtension::delete);
    }
  }

  /** Stops the running SMS and starts another on the same data directory, adjusted further. */
  void restart(UnaryOperator<SmsConfig> more) {
    current.close();
    current = SmsTestServer.start(more.apply(config()));
  }

  /** A client of the running SMS. */
  HttpTestClient http() {
    return current.http;
  }

  /** The running SMS. */
  SmsServer server() {
    return current.server;
  }

  /** Its data directory. */
  Path dataDir() {
    return dataDir;
  }

  private SmsConfig config() {
    return customize
        .apply(SmsConfig.defaults().withHost("127.0.0.1"))
        .withPort(0)
        .withDataDir(dataDir);
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
