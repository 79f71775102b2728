package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.runtime.RuntimeConfig;
import io.spear.spearlet.config.StreamSettings;
import io.spear.testing.HttpTestClient;
import io.spear.testing.PrometheusText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node's streams and mic sections at work: the device file a guest hears, and the meters. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeMediaTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private SpearletServer spearlet;

  @AfterEach
  void stop() {
    if (spearlet != null) {
      spearlet.close();
    }
    platform.close();
  }

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  @Test
  void aGuestsDeviceMicrophoneHearsTheNodesMicFileAndTheMetersCountItsFrames() throws Exception {
    platform = TestPlatform.start(dataDir);
    // 100 ms of 16 kHz mono: five 20 ms frames of 640 bytes, then the microphone hangs up.
    Path wav = dataDir.resolve("speech.wav");
    Files.write(wav, wav(16_000, 1600));
    StreamSettings settings =
        StreamSettings.parse(
            yaml("{max_mics: 1, max_asr_sessions: 2, idle_timeout: 5m, connect_hold: 10s}"),
            yaml("{device_file: '" + wav + "', loop: false}"));
    spearlet =
        SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig())).streams(settings).start();
    HttpTestClient node = new HttpTestClient(spearlet.port());
    String task = platform.deploy("media_probe.c.wasm", "mic", "10");

    var answer =
        node.postJson(
            "/functions/execute", "{\"task_id\": \"%s\", \"mode\": \"sync\"}".formatted(task));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    String stdout =
        new String(
            Base64.getDecoder().decode(answer.json().get("output_base64").asText()),
            StandardCharsets.UTF_8);
    assertThat(stdout)
        .contains("set=0", "frame0=640:", "frame4=640:", "mic_hup=1")
        .doesNotContain("frame5=");
    Map<String, Double> m = PrometheusText.parse(node.get("/metrics").text());
    assertThat(m).containsEntry("spear_mic_frames_total", 5.0).containsEntry("spear_mic_open", 0.0);
    assertThat(m).containsEntry("spear_asr_sessions_open", 0.0);
  }

  private static byte[] wav(int rate, int samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (i % 100));
    }
    return b.array();
  }
}
