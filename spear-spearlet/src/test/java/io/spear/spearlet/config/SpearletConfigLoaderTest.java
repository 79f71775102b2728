package io.spear.spearlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.runtime.config.SpearletConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpearletConfigLoaderTest {

  @TempDir Path dir;
  private final SpearletConfig base = SpearletConfig.defaults();

  @Test
  void flagsBeatTheYamlFileWhichBeatsTheEnvironment() throws IOException {
    Path yaml = dir.resolve("spearlet.yaml");
    Files.writeString(yaml, "max_in_flight: 6\nqueue_capacity: 20\nheartbeat_interval: 2s\n");
    Map<String, String> env =
        Map.of(
            "SPEARLET_MAX_IN_FLIGHT", "3",
            "SPEARLET_QUEUE_CAPACITY", "10",
            "SPEARLET_DEFAULT_TIMEOUT", "1500ms",
            "PATH", "/usr/bin");

    SpearletConfig config =
        SpearletConfigLoader.load(base, Map.of("max_in_flight", "9"), Optional.of(yaml), env);

    assertThat(config.maxInFlight()).isEqualTo(9);
    assertThat(config.queueCapacity()).isEqualTo(20);
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.defaultTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.httpPort()).isEqualTo(base.httpPort());
  }

  @Test
  void smsAddressMayBeWrittenAsAUrl() {
    SpearletConfig config =
        SpearletConfigLoader.load(
            base, Map.of("sms_http_addr", "http://10.0.0.2:8080/"), Optional.empty(), Map.of());
    assertThat(config.smsHttpAddr()).isEqualTo("http://10.0.0.2:8080");
  }

  @Test
  void anHttpsSmsAddressIsNeverDowngradedToPlainHttp() {
    SpearletConfig config =
        SpearletConfigLoader.load(
            base, Map.of("sms_http_addr", "https://sms.internal:8443"), Optional.empty(), Map.of());
    assertThat(config.smsHttpAddr()).isEqualTo("https://sms.internal:8443");
  }

  @Test
  void sizesAcceptUnits() {
    SpearletConfig config =
        SpearletConfigLoader.load(
            base, Map.of(), Optional.empty(), Map.of("SPEARLET_MAX_OUTPUT_BYTES", "2MiB"));
    assertThat(config.maxOutputBytes()).isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void theCacheOfRecentExecutionsTakesAnEighthOfTheHeapAtMost256MiBUnlessSet() {
    long mib = 1024L * 1024;
    assertThat(SpearletConfig.defaultExecutionCacheBytes(512 * mib)).isEqualTo(64 * mib);
    assertThat(SpearletConfig.defaultExecutionCacheBytes(8192 * mib)).isEqualTo(256 * mib);
    assertThat(SpearletConfig.defaultExecutionCacheBytes(4 * mib)).isEqualTo(mib);
    assertThat(SpearletConfig.defaults().executionCacheBytes())
        .isEqualTo(SpearletConfig.defaultExecutionCacheBytes(Runtime.getRuntime().maxMemory()));

    SpearletConfig config =
        SpearletConfigLoader.load(
            base, Map.of(), Optional.empty(), Map.of("SPEARLET_EXECUTION_CACHE_BYTES", "32MiB"));
    assertThat(config.executionCacheBytes()).isEqualTo(32 * mib);
    assertThatThrownBy(
            () ->
                SpearletConfigLoader.load(
                    base, Map.of("execution_cache_bytes", "1000"), Optional.empty(), Map.of()))
        .hasMessageContaining("executionCacheBytes");
  }

  @Test
  void unknownKeysFailNamingTheKeyAndItsSource() {
    assertThatThrownBy(
            () ->
                SpearletConfigLoader.load(
                    base, Map.of(), Optional.empty(), Map.of("SPEARLET_MAX_INFLIGHT", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_inflight")
        .hasMessageContaining("SPEARLET_MAX_INFLIGHT")
        .hasMessageContaining("max_in_flight");
  }

  @Test
  void badValuesFailNamingTheKey() throws IOException {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "heartbeat_interval: soon\n");
    assertThatThrownBy(() -> SpearletConfigLoader.load(base, Map.of(), Optional.of(yaml), Map.of()))
        .hasMessageContaining("heartbeat_interval")
        .hasMessageContaining("bad.yaml");
    assertThatThrownBy(
            () ->
                SpearletConfigLoader.load(
                    base, Map.of("max_in_flight", "0"), Optional.empty(), Map.of()))
        .hasMessageContaining("maxInFlight must be at least 1");
  }

  @Test
  void aYamlFileThatIsNotAMappingIsRefused() throws IOException {
    Path yaml = dir.resolve("list.yaml");
    Files.writeString(yaml, "- a\n- b\n");
    assertThatThrownBy(() -> SpearletConfigLoader.load(base, Map.of(), Optional.of(yaml), Map.of()))
        .hasMessageContaining("mapping");
  }
}
