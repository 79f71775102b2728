package io.spear.sms;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.http.auth.ServerSecurity;
import io.spear.sms.log.LogLimits;
import io.spear.testing.LeftThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmsServerBuilderTest {

  @TempDir Path dir;

  @Test
  void aMissingConfigIsRefusedAtOnce() {
    assertThatThrownBy(() -> SmsServer.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config must not be null");
  }

  @Test
  void aNullOrRepeatedSettingIsRefusedAtOnceNamingIt() {
    SmsServer.Builder builder = SmsServer.builder(SmsConfig.defaults().withDataDir(dir));
    assertThatThrownBy(() -> builder.security(null)).hasMessage("security must not be null");
    assertThatThrownBy(() -> builder.logLimits(null)).hasMessage("logLimits must not be null");
    builder.security(ServerSecurity.none()).logLimits(LogLimits.defaults());
    assertThatThrownBy(() -> builder.security(ServerSecurity.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("security was already set");
    assertThatThrownBy(() -> builder.logLimits(LogLimits.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("logLimits was already set");
  }

  @Test
  void anSmsWhosePortIsTakenFailsToStartLeavingNoThreadAndItsStoreClosed() throws IOException {
    SmsConfig config = SmsConfig.defaults().withHost("127.0.0.1").withDataDir(dir.resolve("data"));
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Set<Thread> before = LeftThreads.snapshot();

      assertThatThrownBy(() -> SmsServer.builder(config.withPort(taken.getLocalPort())).start())
          .isInstanceOf(RuntimeException.class);

      eventually(() -> assertThat(LeftThreads.since(before)).isEmpty());
    }
    // The store was closed: the same data directory opens again.
    try (SmsServer again = SmsServer.start(config.withPort(0))) {
      assertThat(again.port()).isPositive();
    }
  }
}
