package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeResourceReportTest {

  @TempDir Path dataDir;

  @Test
  void aSpearletReportsItsCpuMemoryDiskAndLoadWithItsHeartbeats() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      platform.addSpearlet();

      eventually(
          () -> {
            JsonNode nodes = platform.smsHttp.get("/api/v1/nodes").json().get("nodes");
            assertThat(nodes).hasSize(1);
            JsonNode resource = nodes.get(0).get("resource");
            assertThat(resource).as("resource of %s", nodes.get(0)).isNotNull();
            assertThat(resource.get("total_memory_bytes").asLong()).isPositive();
            assertThat(resource.get("total_disk_bytes").asLong()).isPositive();
            assertThat(resource.get("cpu_usage_percent").asDouble()).isBetween(0.0, 100.0);
          });
      JsonNode stats = platform.smsHttp.get("/api/v1/cluster/stats").json().get("stats");
      assertThat(stats.get("nodes_with_resources").asInt()).isEqualTo(1);
      assertThat(stats.get("active_nodes").asInt()).isEqualTo(1);
    }
  }
}
