package io.spear.streams.rtasr;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
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
 * The {@code rtasr_*} imports: guest memory in and out, and {@link RtasrHost} for the meaning. A
 * ctl call's argument is the {@code *arg_len_ptr} bytes at {@code arg_ptr} (none when that is 0);
 * GET answers go back into the same buffer with SPEAR's output convention. Sessions end with the
 * execution.
 */
public final class RtasrFamily implements HostFamily<RtasrHost> {

  private static final List<HostCall<RtasrHost>> CALLS =
      List.of(
          HostCall.of(
              "rtasr_create",
              I32,
              "A new realtime ASR descriptor, or -errno.",
              (asr, guest, args) -> asr.create()),
          HostCall.of(
              "rtasr_ctl",
              I32,
              "Configures, connects or describes ASR (RTASR_*).",
              RtasrFamily::control,
              param("fd", I32),
              param("cmd", I32),
              param("arg", OUT_PTR),
              param("arg_len", LEN_PTR)),
          HostCall.of(
              "rtasr_write",
              I32,
              "Queues PCM16 audio: the bytes accepted, or -errno.",
              (asr, guest, args) ->
                  asr.write((int) args[0], guest.memory().read((int) args[1], (int) args[2])),
              param("fd", I32),
              param("buf", IN_PTR),
              param("len", I32)),
          HostCall.of(
              "rtasr_read",
              I32,
              "One backend event as JSON, or -EAGAIN.",
              (asr, guest, args) ->
                  asr.read(
                      (int) args[0],
                      bytes -> guest.memory().writeWithLength((int) args[1], (int) args[2], bytes)),
              param("fd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)),
          HostCall.of(
              "rtasr_close",
              I32,
              "Closes an ASR descriptor.",
              (asr, guest, args) -> asr.close((int) args[0]),
              param("fd", I32)));

  private final MediaServices media;

  /** The family over the node's speech backends. */
  public RtasrFamily(MediaServices media) {
    this.media = Objects.requireNonNull(media, "media");
  }

  @Override
  public String name() {
    return "rtasr";
  }

  @Override
  public List<HostCall<RtasrHost>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    String g = "rtasr";
    return List.of(
        GuestAbi.constant(g, "RTASR_SET_PARAM", RtasrHost.SET_PARAM, "Sets {key, value}."),
        GuestAbi.constant(g, "RTASR_CONNECT", RtasrHost.CONNECT, "Opens the backend session."),
        GuestAbi.constant(g, "RTASR_GET_STATUS", RtasrHost.GET_STATUS, "The status as JSON."),
        GuestAbi.constant(g, "RTASR_SEND_EVENT", RtasrHost.SEND_EVENT, "Sends a raw JSON event."),
        GuestAbi.constant(g, "RTASR_FLUSH", RtasrHost.FLUSH, "Commits the audio sent so far."),
        GuestAbi.constant(g, "RTASR_CLEAR", RtasrHost.CLEAR, "Drops uncommitted audio."),
        GuestAbi.constant(
            g, "RTASR_SET_AUTOFLUSH", RtasrHost.SET_AUTOFLUSH, "Sets autoflush as JSON."),
        GuestAbi.constant(g, "RTASR_GET_AUTOFLUSH", RtasrHost.GET_AUTOFLUSH, "Autoflush as JSON."));
  }

  @Override
  public RtasrHost open(ExecutionScope scope) {
    // Speech sessions end with the run: their sockets and timers must not leak.
    RtasrHost asr = new RtasrHost(scope.fds(), media, scope::nanoTime);
    scope.onClose(asr);
    return asr;
  }

  private static long control(RtasrHost asr, Guest guest, long[] args) {
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = guest.memory();
    byte[] payload =
        memory.readU32(argLenPtr) > 0 ? memory.readWithLength(argPtr, argLenPtr) : null;
    return asr.control(
        (int) args[0],
        (int) args[1],
        payload,
        bytes -> memory.writeWithLength(argPtr, argLenPtr, bytes));
  }
}
