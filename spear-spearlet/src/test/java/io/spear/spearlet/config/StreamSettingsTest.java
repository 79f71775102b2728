package io.spear.spearlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSettingsTest {

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  @Test
  void missingSectionsGiveTheDefaults() {
    assertThat(StreamSettings.parse(MissingNode.getInstance(), MissingNode.getInstance()))
        .isEqualTo(StreamSettings.DEFAULTS);
  }

  @Test
  void everyStreamsAndMicKeyIsRead(@TempDir Path dir) throws Exception {
    Path raw = Files.write(dir.resolve("mic.pcm"), new byte[4]);
    StreamSettings s =
        StreamSettings.parse(
            yaml(
                """
                max_streams: 10
                max_connections: 5
                max_stream_executions: 2
                max_inbound_bytes: 1MiB
                max_outbound_bytes: 512KiB
                max_frame_bytes: 64KiB
                idle_timeout: 90s
                connect_hold: 2s
                max_asr_sessions: 3
                max_mics: 4
                """),
            yaml(
                "{device_file: '%s', loop: false, raw_sample_rate_hz: 16000, raw_channels: 2}"
                    .formatted(raw)));

    assertThat(s.limits().maxStreamsPerNode()).isEqualTo(10);
    assertThat(s.limits().maxConnectionsPerNode()).isEqualTo(5);
    assertThat(s.limits().maxStreamExecutions()).isEqualTo(2);
    assertThat(s.limits().maxInboundBytes()).isEqualTo(1024 * 1024);
    assertThat(s.limits().maxOutboundBytes()).isEqualTo(512 * 1024);
    assertThat(s.limits().maxFrameBytes()).isEqualTo(64 * 1024);
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.hold()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.media().maxAsrSessions()).isEqualTo(3);
    assertThat(s.media().maxMics()).isEqualTo(4);
    assertThat(s.mic().file()).contains(raw);
    assertThat(s.mic().loop()).isFalse();
    assertThat(s.mic().rawSampleRateHz()).isEqualTo(16_000);
    assertThat(s.mic().rawChannels()).isEqualTo(2);
  }

  @Test
  void unknownKeysBadValuesAndMissingFilesAreRefusedByName() throws Exception {
    assertThatThrownBy(() -> StreamSettings.parse(yaml("{max_sockets: 3}"), null))
        .hasMessageStartingWith("unknown setting streams.max_sockets; known: connect_hold,");
    assertThatThrownBy(() -> StreamSettings.parse(yaml("{max_streams: 0}"), null))
        .hasMessageContaining("max_streams must be a whole number of at least 1");
    assertThatThrownBy(() -> StreamSettings.parse(yaml("{max_frame_bytes: 8}"), null))
        .hasMessageContaining("maxFrameBytes must be at least 32");
    assertThatThrownBy(() -> StreamSettings.parse(null, yaml("{device_file: /nope/mic.wav}")))
        .hasMessage("mic.device_file /nope/mic.wav is not a readable file");
    assertThatThrownBy(() -> StreamSettings.parse(null, yaml("{loop: sometimes}")))
        .hasMessage("mic.loop must be true or false");
  }
}
