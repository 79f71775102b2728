package io.spear.host.http;

import io.spear.egress.EgressDecision;
import io.spear.egress.EgressPolicy;
import io.spear.egress.EgressTarget;
import io.spear.model.secret.SecretReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${secret:NAME}} in header values for one destination the egress policy has
 * already let through, after checking that each secret may go there: the value never passes through
 * the guest, and a secret goes only to the hosts its {@code allowed_hosts} lists.
 */
final class SecretSubstitution {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");

  private SecretSubstitution() {}

  /** Whether any header value names a secret. */
  static boolean namesSecrets(List<HttpCallRequest.Header> headers) {
    return headers.stream().anyMatch(h -> REFERENCE.matcher(h.value()).find());
  }

  /**
   * The headers with every reference replaced by its value.
   *
   * @throws HttpCallFailure EACCES naming the secret when it is unknown to the execution or may not
   *     go to {@code target}; EINVAL for a reference that is no valid name
   */
  static List<HttpCallRequest.Header> apply(
      List<HttpCallRequest.Header> headers, EgressTarget target, HeaderSecrets secrets) {
    List<HttpCallRequest.Header> out = new ArrayList<>(headers.size());
    for (HttpCallRequest.Header header : headers) {
      Matcher m = REFERENCE.matcher(header.value());
      String value =
          m.replaceAll(r -> Matcher.quoteReplacement(valueFor(r.group(1), target, secrets)));
      out.add(new HttpCallRequest.Header(header.name(), value));
    }
    return out;
  }

  private static String valueFor(String name, EgressTarget target, HeaderSecrets secrets) {
    if (!SecretReferences.validName(name)) {
      throw new HttpCallFailure(
          HttpCallErrno.EINVAL, "a header names a secret whose name is not valid");
    }
    HeaderSecrets.Secret secret =
        secrets
            .find(name)
            .orElseThrow(
                () ->
                    new HttpCallFailure(
                        HttpCallErrno.EACCES,
                        "secret " + name + " is not available to this execution"));
    if (secret.allowedHosts().isEmpty()) {
      throw new HttpCallFailure(
          HttpCallErrno.EACCES,
          "secret "
              + name
              + " lists no allowed_hosts, and a secret is sent only to hosts it lists");
    }
    EgressPolicy allowed;
    try {
      // The destination's address was checked and is the one connected to: look nothing up again.
      allowed =
          EgressPolicy.of(secret.allowedHosts()).withResolver(host -> List.of(target.address()));
    } catch (IllegalArgumentException e) {
      throw new HttpCallFailure(
          HttpCallErrno.EACCES, "secret " + name + " has allowed_hosts this node cannot read");
    }
    if (allowed.check(target.url().toString()) instanceof EgressDecision.Refused) {
      throw new HttpCallFailure(
          HttpCallErrno.EACCES,
          "secret "
              + name
              + " may not be sent to "
              + target.host()
              + ":"
              + target.port()
              + ": not in its allowed_hosts");
    }
    return secret.value();
  }
}
