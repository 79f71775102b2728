package io.spear.sms;

import io.spear.testing.HttpTestClient;
import java.nio.file.Path;

/** A real SMS on a free port over a temporary data directory, with a client for it. */
final class SmsTestServer implements AutoCloseable {

  final SmsServer server;
  final HttpTestClient http;
  final Path dataDir;

  SmsTestServer(SmsServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
    this.http = new HttpTestClient(server.port());
  }

  static SmsTestServer start(Path dataDir) {
    return start(SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
  }

  static SmsTestServer start(SmsConfig config) {
    return new SmsTestServer(SmsServer.start(config), config.dataDir());
  }

  @Override
  public void close() {
    server.close();
  }
}
