package io.spear.host.http;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.IN_PTR;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.egress.EgressPolicy;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.HostFamily;
import java.util.List;

/**
 * The {@code http_call} import: guest memory in and out around {@link HttpCallSession}. The call
 * waits on the network, so it gives the execution's CPU slot back while it runs.
 */
public final class HttpCallFamily implements HostFamily<HttpCallSession> {

  private static final List<HostCall<HttpCallSession>> CALLS =
      List.of(
          HostCall.blocking(
              "http_call",
              I32,
              "Sends an HTTP request (JSON) under the node's egress policy and writes the response"
                  + " JSON: 0, or -errno.",
              HttpCallFamily::call,
              param("req", IN_PTR),
              param("req_len", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR)));

  private final HttpCaller caller;
  private final CallScopes scopes;

  /** The family over the node's {@code caller}, with each execution's scope from {@code scopes}. */
  public HttpCallFamily(HttpCaller caller, CallScopes scopes) {
    this.caller = caller;
    this.scopes = scopes;
  }

  /**
   * A family that refuses every call (a node or a run without an egress policy); its client is made
   * on first use only.
   */
  public static HttpCallFamily none() {
    return Holder.NONE;
  }

  private static final class Holder {
    static final HttpCallFamily NONE =
        new HttpCallFamily(
            new HttpCaller(HttpCallLimits.DEFAULTS, new SimpleMeterRegistry()),
            new CallScopes(EgressPolicy.NONE, id -> HeaderSecrets.NONE));
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public List<HostCall<HttpCallSession>> calls() {
    return CALLS;
  }

  @Override
  public HttpCallSession open(ExecutionScope scope) {
    return new HttpCallSession(
        caller, scopes.open(scope.executionId(), scope.taskConfig(), scope.deadline(), scope::log));
  }

  private static long call(HttpCallSession session, Guest guest, long[] args) {
    GuestMemory memory = guest.memory();
    int req = (int) args[0];
    long reqLen = args[1] & 0xffff_ffffL;
    int out = (int) args[2];
    int outLen = (int) args[3];
    long capacity = memory.readU32(outLen);
    if (capacity > 0) {
      // The whole buffer must lie in memory before anything is sent: a response is never lost to
      // a pointer the guest got wrong.
      long end = (out & 0xffff_ffffL) + capacity - 1;
      if (end > Integer.MAX_VALUE) {
        throw new HostCallError(HttpCallErrno.EFAULT);
      }
      memory.read((int) end, 1);
    }
    if (reqLen > session.maxRequestBytes()) {
      throw new HostCallError(HttpCallErrno.EFBIG);
    }
    byte[] request = memory.read(req, (int) reqLen);
    HttpCallSession.Answer answer;
    try {
      answer = session.call(request, capacity);
    } catch (HttpCallFailure f) {
      throw new HostCallError(f.errno());
    } catch (HttpCallInterrupted e) {
      throw new ExecutionStopped(e.getMessage(), (InterruptedException) e.getCause());
    }
    return switch (answer) {
      case HttpCallSession.Answer.Fits fits -> {
        memory.write(out, fits.payload());
        memory.writeU32(outLen, fits.payload().length);
        yield 0;
      }
      case HttpCallSession.Answer.TooSmall small -> {
        memory.writeU32(outLen, small.needed());
        yield -HttpCallErrno.ENOSPC;
      }
    };
  }
}
