package io.spear.runtime;

import io.spear.support.net.BearerToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the node's operator decided about trust, which no task can widen.
 *
 * @param smsToken the token the node presents to SMS (module downloads, the MCP registry)
 * @param preopenAllow host directories a task's {@code wasi.preopen} may name (or a directory
 *     inside one); none allowed by default
 * @param trustedSms SMS addresses ({@code host:port}) besides the node's own that a task's {@code
 *     sms+file://<host:port>/…} may name
 */
public record NodeSecurity(
    BearerToken smsToken, List<PreopenRule> preopenAllow, List<String> trustedSms) {

  /**
   * One host directory tasks may preopen.
   *
   * @param path the host directory
   * @param writable whether guests may write in it
   */
  public record PreopenRule(Path path, boolean writable) {

    /** Checks the parts. */
    public PreopenRule {
      Objects.requireNonNull(path, "path");
    }
  }

  /** No token, no preopened directories, no SMS but the node's own. */
  public static final NodeSecurity NONE = new NodeSecurity(BearerToken.NONE, List.of(), List.of());

  /** Checks the parts. */
  public NodeSecurity {
    Objects.requireNonNull(smsToken, "smsToken");
    preopenAllow = List.copyOf(preopenAllow);
    trustedSms = List.copyOf(trustedSms);
  }

  /** A copy presenting {@code value} to SMS. */
  public NodeSecurity withSmsToken(BearerToken value) {
    return new NodeSecurity(value, preopenAllow, trustedSms);
  }
}
