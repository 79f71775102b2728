package io.spear.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.host.basic.BasicFamily;
import io.spear.host.epoll.EpollFamily;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.wasm.Guests;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.streams.media.AsrConnector;
import io.spear.streams.media.AsrEvents;
import io.spear.streams.media.AsrLink;
import io.spear.streams.media.AsrRequest;
import io.spear.streams.media.ManualFrameScheduler;
import io.spear.streams.media.MediaServices;
import io.spear.streams.media.MicDevice;
import io.spear.streams.mic.MicFamily;
import io.spear.streams.rtasr.RtasrFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rtasr and mic ABI as a guest sees it, with an in-process backend and a manual clock. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaAbiTest {

  private final ManualFrameScheduler scheduler = new ManualFrameScheduler();

  private WasmRuntime runtime(MediaServices media) {
    return new WasmRuntime(
        Guests.config(Guests.NODE)
            .withFamilies(
                List.of(
                    new BasicFamily(),
                    new EpollFamily(),
                    new RtasrFamily(media.withScheduler(scheduler)),
                    new MicFamily(media.withScheduler(scheduler)))));
  }

  private Map<String, String> run(MediaServices media, String... args) {
    try (WasmRuntime runtime = runtime(media)) {
      ExecutionOutcome outcome =
          Guests.run(runtime, Guests.started(runtime, "media_probe.c.wasm", args));
      assertThat(outcome).isInstanceOf(Completed.class);
      return Guests.keyValues(outcome.output().stdoutText());
    }
  }

  /** Runs the guest on its own thread, ticking the scheduler until it ends. */
  private Map<String, String> runTicking(MediaServices media, String... args) throws Exception {
    try (WasmRuntime runtime = runtime(media)) {
      CompletableFuture<ExecutionOutcome> run =
          Guests.async(
              () -> Guests.run(runtime, Guests.started(runtime, "media_probe.c.wasm", args)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!run.isDone() && System.nanoTime() < deadline) {
        scheduler.tick();
        try {
          run.get(5, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // not yet: one more period
        }
      }
      ExecutionOutcome outcome = run.get(1, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(Completed.class);
      return Guests.keyValues(outcome.output().stdoutText());
    }
  }

  @Test
  void everyRtasrErrorPathReturnsSpearsErrno() {
    Map<String, String> got = run(MediaServices.none(), "asr_errors");

    assertThat(got)
        .containsEntry("asr", "1000")
        .containsEntry("bad_cmd", "-22")
        .containsEntry("bad_fd", "-9")
        .containsEntry("set_no_arg", "-22")
        .containsEntry("set_garbage", "-22")
        .containsEntry("set_no_key", "-22")
        .containsEntry("set_queue", "0")
        .containsEntry("send_garbage", "-22")
        .containsEntry("autoflush_bad", "-22")
        .containsEntry("autoflush", "0")
        .containsEntry(
            "get_autoflush",
            "{\"strategy\":\"client_commit\",\"flush_on_close\":true,\"vad\":null,"
                + "\"client_commit\":{\"flush_interval_ms\":null,\"max_buffer_bytes\":64,"
                + "\"silence_ms\":null,\"min_flush_gap_ms\":500}}")
        .containsEntry("status_small", "-28")
        // audio before CONNECT is queued; the queue's cap was set to 100 bytes
        .containsEntry("write", "80")
        .containsEntry("write_full", "-11")
        .containsEntry("read_empty", "-11")
        .containsEntry("write_bad_ptr", "-14")
        .containsEntry(
            "status",
            "{\"state\":\"Configured\",\"last_error\":null,\"send_queue_bytes\":80,"
                + "\"recv_queue_bytes\":0,\"max_send_queue_bytes\":100,"
                + "\"max_recv_queue_bytes\":1048576,\"dropped_events\":0}")
        .containsEntry("kind", "{\"kind\":\"RtAsr\"}")
        .containsEntry("close", "0")
        .containsEntry("close_again", "0")
        .containsEntry("write_closed", "-9")
        .containsEntry("mic_close_wrong_kind", "-9")
        .containsEntry("rtasr_close_wrong_kind", "-9");
  }

  @Test
  void websocketConnectWithoutABackendFailsWithEioAndSaysWhy() {
    Map<String, String> got = run(MediaServices.none(), "asr_none");

    assertThat(got).containsEntry("connect", "-5");
    assertThat(got.get("status"))
        .contains("\"state\":\"Configured\"")
        .contains("no candidate backend: op=SpeechToText")
        .contains("openai_realtime_ws");
  }

  @Test
  void theStubTransportDiscardsAudioAndEmitsSpearsFakeEvents() throws Exception {
    Map<String, String> got = runTicking(MediaServices.none(), "asr_stub");

    assertThat(got)
        .containsEntry("connect", "0")
        .containsEntry("connect_again", "0")
        .containsEntry("write", "32")
        .containsEntry("stub1", "{\"seq\":1,\"text\":\"aaaa\",\"type\":\"transcription.delta\"}")
        .containsEntry(
            "stub2", "{\"seq\":2,\"text\":\"aaaa\",\"type\":\"transcription.completed\"}")
        .containsEntry("close", "0");
    assertThat(scheduler.scheduled()).isZero();
  }

  /** A backend in the same process: records what it is sent, answers each flush, then closes. */
  private static final class ScriptedConnector implements AsrConnector {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CompletableFuture<AsrRequest> request = new CompletableFuture<>();

    @Override
    public AsrLink connect(AsrRequest req, AsrEvents events) {
      request.complete(req);
      return new AsrLink() {
        @Override
        public CompletableFuture<Void> sendAudio(byte[] pcm16) {
          sent.add("audio:" + pcm16.length);
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> sendEvent(String json) {
          sent.add(json);
          if (json.contains("probe.custom")) {
            events.event(
                "{\"type\":\"conversation.item.input_audio_transcription.delta\",\"delta\":\"hi\"}"
                    .getBytes(StandardCharsets.UTF_8));
            events.closed();
          }
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void audioQueuedBeforeConnectIsSentInOrderAndServerEventsArriveVerbatimUntilHup() {
    ScriptedConnector backend = new ScriptedConnector();
    Map<String, String> got = run(MediaServices.none().withAsr(backend), "asr", "my-asr");

    assertThat(got)
        // after the epoll set
        .containsEntry("asr", "1001")
        .containsEntry("write", "960")
        .containsEntry("connect", "0")
        .containsEntry("flush", "0")
        .containsEntry("send_event", "0")
        .containsEntry(
            "event",
            "{\"type\":\"conversation.item.input_audio_transcription.delta\",\"delta\":\"hi\"}")
        .containsEntry("rtasr_hup", "1")
        .containsEntry("write_after_hup", "-32")
        .containsEntry("close", "0");
    assertThat(backend.sent)
        .containsExactly(
            "audio:960",
            "audio:960",
            "audio:960",
            "{\"type\":\"input_audio_buffer.commit\"}",
            "{\"type\":\"probe.custom\"}");
    AsrRequest request = backend.request.join();
    assertThat(request.backend()).contains("my-asr");
    assertThat(request.model()).contains("probe-transcribe");
    assertThat(request.turnDetection()).contains(new AsrRequest.TurnDetection(700, 0.5, 300));
  }

  @Test
  void aDeviceMicrophoneDeliversTheNodesWavFileConvertedFrameByFrameThenHangsUp(@TempDir Path dir)
      throws Exception {
    // 50 ms of 8 kHz stereo; the guest asks for 16 kHz mono in 20 ms frames of 640 bytes.
    short[] samples = new short[800];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (i / 2 * 10);
    }
    Path wav = dir.resolve("speech.wav");
    Files.write(wav, wav(8000, 2, samples));
    MicDevice once = new MicDevice(java.util.Optional.of(wav), false, 24_000, 1);
    Map<String, String> got = runTicking(MediaServices.none().withMic(once), "mic", "10");

    byte[] expected = io.spear.streams.media.PcmAudio.load(once, 16_000, 1);
    assertThat(expected).hasSize(1600);
    assertThat(got)
        // after the epoll set
        .containsEntry("mic", "1001")
        .containsEntry("set", "0")
        .containsEntry("frame0", "640:" + sum(expected, 0, 640))
        .containsEntry("frame1", "640:" + sum(expected, 640, 1280))
        .containsEntry("frame2", "320:" + sum(expected, 1280, 1600))
        .containsEntry("mic_hup", "1")
        .containsEntry("close", "0");
    assertThat(got.get("status"))
        .isEqualTo(
            "{\"config\":{\"channels\":1,\"format\":\"pcm16\",\"frame_ms\":20,"
                + "\"sample_rate_hz\":16000},\"dropped_frames\":0,\"generation\":1,"
                + "\"last_error\":null,\"max_queue_bytes\":524288,\"queue_bytes\":0,"
                + "\"running\":false}");
  }

  @Test
  void aDeviceMicrophoneOnANodeWithoutOneFailsAsSpearsDoes() {
    Map<String, String> got = run(MediaServices.none(), "mic_none");

    assertThat(got)
        .containsEntry("set_empty", "-22")
        .containsEntry("set_bad_format", "-22")
        .containsEntry("set", "-5")
        .containsEntry("read_empty", "-11")
        .containsEntry("bad_cmd", "-22")
        .containsEntry("bad_fd", "-9");
    assertThat(got.get("status"))
        .contains("\"last_error\":\"no capture device on this node (set mic.device_file")
        .contains("\"running\":false");
  }

  @Test
  void theStubMicrophoneLoopsItsPcmAndATooSmallBufferLosesNoFrame() throws Exception {
    Map<String, String> got = runTicking(MediaServices.none(), "mic_stub");

    assertThat(got)
        .containsEntry("set", "0")
        .containsEntry("read_small", "-28 needed=10")
        .containsEntry("frame", "1,2,3,4,1,");
  }

  private static long sum(byte[] pcm, int from, int to) {
    long sum = 0;
    for (int i = from; i + 1 < to; i += 2) {
      sum += (pcm[i] & 0xFF) | ((pcm[i + 1] & 0xFF) << 8);
    }
    return sum & 0xFFFFFFFFL;
  }

  private static byte[] wav(int rate, int channels, short... samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) channels).putInt(rate).putInt(rate * channels * 2);
    b.putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }
}
