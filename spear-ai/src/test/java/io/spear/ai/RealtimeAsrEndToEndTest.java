package io.spear.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our own rtasr guest against a scripted OpenAI Realtime server over a real WebSocket: audio and
 * control events out, server events in verbatim, the server's close seen as HUP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealtimeAsrEndToEndTest {

  private static final String DELTA =
      "{\"type\":\"conversation.item.input_audio_transcription.delta\",\"item_id\":\"i1\","
          + "\"delta\":\"hello world\"}";

  private final ScriptedRealtimeServer server = new ScriptedRealtimeServer();
  private ChatGuests guests;

  @AfterEach
  void stop() {
    if (guests != null) {
      guests.close();
    }
    server.close();
  }

  private ChatGuests guests(Map<String, String> environment) {
    guests =
        new ChatGuests(
            """
            credentials:
              - {name: realtime, kind: env, api_key_env: RT_API_KEY}
            backends:
              - name: scripted-asr
                kind: openai_realtime_ws
                base_url: %s
                credential_ref: realtime
            """
                .formatted(server.baseUrl()),
            environment);
    return guests;
  }

  private ExecutionOutcome run(String... args) {
    return guests.runtime.execute(
        guests.instance("media_probe.c.wasm", Map.of(), args), ExecutionContext.builder().build());
  }

  @Test
  void guestAudioReachesTheServerAsOpenAiEventsAndItsEventsComeBackUntilItCloses() {
    guests(Map.of("RT_API_KEY", "sk-realtime-test"));
    server.on("probe.custom", true, DELTA);

    ExecutionOutcome outcome = run("asr", "scripted-asr");

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    Map<String, String> got = keyValues(outcome.output().stdoutText());
    assertThat(got)
        .containsEntry("connect", "0")
        .containsEntry("write", "960")
        .containsEntry("event", DELTA)
        .containsEntry("rtasr_hup", "1")
        .containsEntry("write_after_hup", "-32");
    List<String> types = server.received().stream().map(e -> e.path("type").asText()).toList();
    assertThat(types)
        .containsExactly(
            "session.update",
            "input_audio_buffer.append",
            "input_audio_buffer.append",
            "input_audio_buffer.append",
            "input_audio_buffer.commit",
            "probe.custom");
    JsonNode session = server.received().getFirst().path("session");
    assertThat(session.path("input_audio_format").asText()).isEqualTo("pcm16");
    assertThat(session.path("input_audio_transcription").path("model").asText())
        .isEqualTo("probe-transcribe");
    assertThat(session.path("turn_detection").toString())
        .isEqualTo(
            "{\"type\":\"server_vad\",\"threshold\":0.5,\"prefix_padding_ms\":300,"
                + "\"silence_duration_ms\":700}");
    // The guest's third chunk: samples 2000 + i, as PCM16 little-endian, base64.
    byte[] third =
        Base64.getDecoder()
            .decode(server.received("input_audio_buffer.append").get(2).path("audio").asText());
    ByteBuffer pcm = ByteBuffer.wrap(third).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(third).hasSize(960);
    assertThat(pcm.getShort(0)).isEqualTo((short) 2000);
    assertThat(pcm.getShort(958)).isEqualTo((short) 2479);
    Map<String, String> headers = server.handshakes().getFirst();
    assertThat(header(headers, "Authorization")).isEqualTo("Bearer sk-realtime-test");
    assertThat(header(headers, "OpenAI-Beta")).isEqualTo("realtime=v1");
    assertThat(server.queries().getFirst()).isEqualTo("model=gpt-realtime");
  }

  @Test
  void aRealtimeBackendWhoseKeyIsMissingIsDroppedSoConnectFailsWithEio() {
    guests(Map.of());

    ExecutionOutcome outcome = run("asr_none");

    Map<String, String> got = keyValues(outcome.output().stdoutText());
    assertThat(got).containsEntry("connect", "-5");
    assertThat(got.get("status")).contains("no candidate backend").doesNotContain("sk-");
    assertThat(server.handshakes()).isEmpty();
  }

  @Test
  void aBackendThatCannotBeReachedRaisesErrWithTheReasonInLastError() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    guests =
        new ChatGuests(
            "backends: [{name: gone, kind: openai_realtime_ws, base_url: 'http://127.0.0.1:%d/v1'}]"
                .formatted(closedPort),
            Map.of());

    ExecutionOutcome outcome = run("asr", "gone");

    Map<String, String> got = keyValues(outcome.output().stdoutText());
    assertThat(got).containsEntry("connect", "0");
    assertThat(got.get("rtasr_err"))
        .startsWith("{\"state\":\"Error\",\"last_error\":\"websocket connect failed: ");
  }

  private static String header(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  static Map<String, String> keyValues(String text) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    text.lines()
        .map(line -> line.split("=", 2))
        .filter(parts -> parts.length == 2)
        .forEach(parts -> values.putIfAbsent(parts[0], parts[1]));
    return values;
  }
}
