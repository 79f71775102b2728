package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.ai.AiConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.testing.LeftThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpearletServerBuilderTest {

  private static SpearletServer.Builder builder() {
    return SpearletServer.builder(RuntimeConfig.of(SpearletConfig.defaults()));
  }

  @Test
  void aMissingRuntimeConfigIsRefusedAtOnce() {
    assertThatThrownBy(() -> SpearletServer.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("runtimeConfig must not be null");
  }

  @Test
  void aNullSettingIsRefusedAtOnceNamingIt() {
    assertThatThrownBy(() -> builder().ai(null)).hasMessage("ai must not be null");
    assertThatThrownBy(() -> builder().ticker(null)).hasMessage("ticker must not be null");
    assertThatThrownBy(() -> builder().clock(null)).hasMessage("clock must not be null");
    assertThatThrownBy(() -> builder().security(null)).hasMessage("security must not be null");
    assertThatThrownBy(() -> builder().streams(null)).hasMessage("streams must not be null");
    assertThatThrownBy(() -> builder().identity(null)).hasMessage("identity must not be null");
  }

  @Test
  void aSettingGivenTwiceIsRefusedAtOnceNamingIt() {
    assertThatThrownBy(() -> builder().ai(AiConfig.NONE).ai(AiConfig.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ai was already set");
    assertThatThrownBy(() -> builder().ticker(System::nanoTime).ticker(System::nanoTime))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ticker was already set");
  }

  @Test
  void aSpearletWhosePortIsTakenFailsToStartAndLeavesNoThreadBehind() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      RuntimeConfig config =
          RuntimeConfig.of(
              SpearletConfig.defaults().toBuilder()
                  .smsHttpAddr("127.0.0.1:1")
                  .bindHost("127.0.0.1")
                  .httpPort(taken.getLocalPort())
                  .build());
      Set<Thread> before = LeftThreads.snapshot();

      assertThatThrownBy(() -> SpearletServer.builder(config).start())
          .isInstanceOf(RuntimeException.class);

      eventually(() -> assertThat(LeftThreads.since(before)).isEmpty());
    }
  }
}
