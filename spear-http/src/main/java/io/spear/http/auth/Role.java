package io.spear.http.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. An {@link #ADMIN} may use every route; the others only routes naming them.
 * {@link #SMS} is never a default: only routes that name it accept it.
 */
public enum Role {
  /** Everything, including removing nodes and writing the MCP registry. */
  ADMIN,
  /** Files, tasks, invocations, executions and their logs: the platform's ordinary work. */
  USER,
  /** A Spearlet: register, heartbeat, report executions and logs, download modules. */
  NODE,
  /** Read-only access. */
  VIEWER,
  /**
   * SMS forwarding to a Spearlet: invocations, execution status and cancellation, the streams it
   * proxies, and nothing else. SMS holds it with the per-node secret it gives a node when it
   * registers ({@link SmsCredential}), so what SMS sends one node is worth nothing on another; a
   * token file may list it too (for a forwarder of one's own), never SMS's own.
   */
  SMS;

  /** The name used in token files and documents: {@code admin}, {@code user}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code id} (case-insensitive), if there is one. */
  public static Optional<Role> parse(String id) {
    return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(id.trim())).findFirst();
  }
}
