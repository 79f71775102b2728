package io.spear.streams.mic;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import io.spear.streams.media.MediaServices;
import java.util.List;
import java.util.Objects;

/**
 * The {@code mic_*} imports: guest memory in and out, and {@link MicHost} for the meaning, with the
 * ctl conventions of {@code rtasr_ctl}. Microphones end with the execution.
 */
public final class MicFamily implements HostFamily<MicHost> {

  private static final List<HostCall<MicHost>> CALLS =
      List.of(
          HostCall.of(
              "mic_create",
              I32,
              "A new microphone descriptor, or -errno.",
              (mic, guest, args) -> mic.create()),
          HostCall.of(
              "mic_ctl",
              I32,
              "Configures or describes the microphone (MIC_*).",
              MicFamily::control,
              param("fd", I32),
              param("cmd", I32),
              param("arg", OUT_PTR),
              param("arg_len", LEN_PTR)),
          HostCall.of(
              "mic_read",
              I32,
              "One PCM16 frame, or -EAGAIN before the next is due.",
              (mic, guest, args) ->
                  mic.read(
                      (int) args[0],
                      bytes -> guest.memory().writeWithLength((int) args[1], (int) args[2], bytes)),
              param("fd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.of(
              "mic_close",
              I32,
              "Closes a microphone descriptor.",
              (mic, guest, args) -> mic.close((int) args[0]),
              param("fd", I32)));

  private final MediaServices media;

  /** The family over the node's microphone settings. */
  public MicFamily(MediaServices media) {
    this.media = Objects.requireNonNull(media, "media");
  }

  @Override
  public String name() {
    return "mic";
  }

  @Override
  public List<HostCall<MicHost>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    return List.of(
        GuestAbi.constant("mic", "MIC_SET_PARAM", MicHost.SET_PARAM, "Sets the JSON config."),
        GuestAbi.constant("mic", "MIC_GET_STATUS", MicHost.GET_STATUS, "The status as JSON."));
  }

  @Override
  public MicHost open(ExecutionScope scope) {
    MicHost mic = new MicHost(scope.fds(), media);
    scope.onClose(mic);
    return mic;
  }

  private static long control(MicHost mic, Guest guest, long[] args) {
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = guest.memory();
    byte[] payload =
        memory.readU32(argLenPtr) > 0 ? memory.readWithLength(argPtr, argLenPtr) : null;
    return mic.control(
        (int) args[0],
        (int) args[1],
        payload,
        bytes -> memory.writeWithLength(argPtr, argLenPtr, bytes));
  }
}
