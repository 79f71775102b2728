package io.spear.model.task;

import java.util.Locale;
import java.util.Optional;

/**
 * A module stored on SMS: {@code sms+file://<file_id>}, {@code sms+file://<host:port>/<file_id>},
 * or the same with SPEAR's newer scheme spelling {@code smsfile://}.
 *
 * @param hostPort the SMS that holds the file, or empty for the node's configured SMS
 * @param fileId the file's id on that SMS
 */
public record SmsFileUri(Optional<String> hostPort, String fileId) {

  /** The scheme SPEAR's seed document uses. */
  public static final String SCHEME = "sms+file";

  /** SPEAR's newer spelling of the same scheme. */
  public static final String ALT_SCHEME = "smsfile";

  /** Checks the parts eagerly. */
  public SmsFileUri {
    hostPort = hostPort == null ? Optional.empty() : hostPort;
    if (fileId == null || fileId.isEmpty()) {
      throw new IllegalArgumentException("fileId must not be empty");
    }
  }

  /** The scheme of any URI-like string ({@code "s3"} for {@code s3://b/k}), or empty. */
  public static String schemeOf(String uri) {
    if (uri == null) {
      return "";
    }
    int colon = uri.indexOf(':');
    return colon <= 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** Whether the URI uses one of the SMS file schemes, well formed or not. */
  public static boolean hasSmsFileScheme(String uri) {
    String scheme = schemeOf(uri);
    return SCHEME.equals(scheme) || ALT_SCHEME.equals(scheme);
  }

  /** Parses an SMS file URI; empty when the scheme differs or the rest is malformed. */
  public static Optional<SmsFileUri> parse(String uri) {
    if (!hasSmsFileScheme(uri)) {
      return Optional.empty();
    }
    String scheme = schemeOf(uri);
    String prefix = scheme + "://";
    if (!uri.toLowerCase(Locale.ROOT).startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = uri.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return validId(rest) ? Optional.of(new SmsFileUri(Optional.empty(), rest)) : Optional.empty();
    }
    String host = rest.substring(0, slash);
    String id = rest.substring(slash + 1);
    if (host.isEmpty() || !validHostPort(host) || !validId(id)) {
      return Optional.empty();
    }
    return Optional.of(new SmsFileUri(Optional.of(host), id));
  }

  /** The download path on the SMS HTTP API. */
  public String downloadPath() {
    return "/api/v1/files/" + fileId;
  }

  private static boolean validId(String id) {
    return !id.isEmpty() && id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-');
  }

  private static boolean validHostPort(String hostPort) {
    return hostPort.chars().noneMatch(c -> Character.isWhitespace(c) || c == '@' || c == '?');
  }
}
