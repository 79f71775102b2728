package io.spear.streams.mic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.streams.media.MediaServices;
import io.spear.streams.media.PcmAudio;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * The semantics of the {@code mic_*} calls of one execution, apart from guest memory. {@code
 * source: device} captures the node's {@link io.spear.streams.media.MicDevice} file; a node without
 * one fails the request as SPEAR's build without a capture device does (EIO and {@code
 * last_error}), unless the guest allows {@code fallback.to_stub}.
 */
public final class MicHost implements AutoCloseable {

  /** SET_PARAM: configures and starts capturing. */
  public static final int SET_PARAM = 1;

  /** The microphone's state as JSON. */
  public static final int GET_STATUS = 2;

  /** The largest {@code stub_pcm16_base64} after decoding, as SPEAR. */
  public static final int MAX_STUB_BYTES = 10 * 1024 * 1024;

  /** The largest {@code max_queue_bytes} a guest may ask for: 64 MiB of the node's heap. */
  public static final int MAX_QUEUE_BYTES = 64 * 1024 * 1024;

  /** The kind of its descriptors. */
  public static final FdKind MIC = new FdKind("Mic");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FdTable fds;
  private final MediaServices media;
  private final List<MicState> mics = new CopyOnWriteArrayList<>();

  /** The host of one execution. */
  public MicHost(FdTable fds, MediaServices media) {
    this.fds = fds;
    this.media = media;
  }

  /** {@code mic_create}: a microphone, idle until SET_PARAM. */
  public int create() {
    MicState state = new MicState(media.metrics());
    Optional<FdEntry<MicState>> entry = fds.allocate(MIC, state, 0);
    if (entry.isEmpty()) {
      return -Errno.ENOMEM;
    }
    state.attach(entry.get());
    mics.add(state);
    return entry.get().fd();
  }

  /** {@code mic_ctl}; {@code payload} is null when {@code *arg_len_ptr} was 0. */
  public int control(int fd, int cmd, byte[] payload, ToIntFunction<byte[]> answer) {
    MicState state = state(fd);
    return switch (cmd) {
      case SET_PARAM -> configure(state, payload);
      case GET_STATUS -> answer.applyAsInt(state.status());
      default -> -Errno.EINVAL;
    };
  }

  /** The stub audio of a config: none when absent, null when invalid or too large. */
  private static byte[] stub(JsonNode json) {
    if (!json.hasNonNull("stub_pcm16_base64")) {
      return new byte[0];
    }
    byte[] stub;
    try {
      stub = Base64.getDecoder().decode(json.get("stub_pcm16_base64").asText().trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    return stub.length > MAX_STUB_BYTES ? null : stub;
  }

  /** The frames a configured microphone reads; null (the state failed) when the device fails. */
  private MicState.Source frames(
      MicState.Config config, String source, boolean toStub, byte[] stub, MicState state) {
    if (!source.equals("device")) {
      return MicState.pcm(stub, true);
    }
    Device device = device(config);
    if (device.source() != null) {
      return device.source();
    }
    if (toStub) {
      return MicState.pcm(stub, true);
    }
    state.fail(device.error());
    return null;
  }

  private int configure(MicState state, byte[] payload) {
    if (payload == null) {
      return -Errno.EINVAL;
    }
    JsonNode json;
    try {
      json = JSON.readTree(payload);
    } catch (IOException e) {
      return -Errno.EINVAL;
    }
    if (json == null || !json.isObject()) {
      return -Errno.EINVAL;
    }
    int rate = json.path("sample_rate_hz").asInt(24_000);
    int channels = json.path("channels").asInt(1);
    int frameMs = json.path("frame_ms").asInt(20);
    String format = json.path("format").asText("pcm16");
    if (rate < 1000 || rate > 384_000 || channels < 1 || channels > 8 || frameMs < 1) {
      return -Errno.EINVAL;
    }
    if (frameMs > 1000 || !format.equals("pcm16")) {
      return -Errno.EINVAL;
    }
    byte[] stub = stub(json);
    if (stub == null) {
      return -Errno.EINVAL;
    }
    JsonNode maxQueue = json.path("max_queue_bytes");
    if (!maxQueue.isMissingNode()
        && !maxQueue.isNull()
        && (!maxQueue.canConvertToInt() || maxQueue.asLong() > MAX_QUEUE_BYTES)) {
      return -Errno.EINVAL; // the queue lives on the node's heap, not in the guest's memory
    }
    String source = json.path("source").asText("device");
    boolean toStub = json.path("fallback").path("to_stub").asBoolean(true);
    MicState.Config config = new MicState.Config(rate, channels, frameMs, format);
    long generation = state.restart(config, json.path("max_queue_bytes").asInt(0));

    MicState.Source frames = frames(config, source, toStub, stub, state);
    if (frames == null) {
      return -Errno.EIO;
    }
    if (!media.metrics().openMic(media.limits().maxMics())) {
      state.fail(
          "this node's cap of "
              + media.limits().maxMics()
              + " microphones is reached; try again later");
      return -Errno.EAGAIN;
    }
    state.start(
        generation,
        frames,
        true,
        tick -> media.scheduler().every(Duration.ofMillis(frameMs), tick));
    return 0;
  }

  /** The node's device as a frame source, or why there is none. */
  private record Device(MicState.Source source, String error) {}

  private Device device(MicState.Config config) {
    if (media.mic().file().isEmpty()) {
      return new Device(
          null, "no capture device on this node (set mic.device_file in the Spearlet config)");
    }
    try {
      byte[] pcm = PcmAudio.load(media.mic(), config.sampleRateHz(), config.channels());
      return new Device(MicState.pcm(pcm, media.mic().loop()), null);
    } catch (IOException | IllegalArgumentException e) {
      return new Device(null, "mic.device_file is not usable: " + e.getMessage());
    }
  }

  /** {@code mic_read}: one frame passed to {@code writer}, or EAGAIN. */
  public int read(int fd, ToIntFunction<byte[]> writer) {
    MicState state = state(fd);
    byte[] frame = state.peek();
    if (frame == null) {
      return -Errno.EAGAIN;
    }
    int rc = writer.applyAsInt(frame);
    if (rc >= 0) {
      state.consume(frame);
    }
    return rc;
  }

  /** {@code mic_close}: 0, also when closed already. */
  public int close(int fd) {
    Optional<FdEntry<?>> entry = fds.get(fd);
    if (entry.isEmpty() || entry.get().kind() != MIC) {
      return -Errno.EBADF;
    }
    if (entry.get().state() instanceof MicState state) {
      state.stop();
      mics.remove(state);
    }
    return fds.close(fd);
  }

  /** Stops every microphone still open: the execution is over. */
  @Override
  public void close() {
    for (MicState state : mics) {
      state.stop();
    }
    mics.clear();
  }

  private MicState state(int fd) {
    return fds.open(fd, MIC, MicState.class)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }
}
