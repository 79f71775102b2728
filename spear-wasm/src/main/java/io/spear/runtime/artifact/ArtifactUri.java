package io.spear.runtime.artifact;

import io.spear.model.error.InvalidConfigurationException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed artifact location: {@code sms+file://<file_id>}, {@code
 * sms+file://<host:port>/<file_id>} or SPEAR's newer spelling {@code smsfile://...}, served by an
 * SMS at {@code /api/v1/files/<file_id>}.
 *
 * @param scheme the scheme as written
 * @param smsAddress the host:port that overrides the node's SMS address, if the URI names one
 * @param fileId the SMS file id
 */
public record ArtifactUri(String scheme, Optional<String> smsAddress, String fileId) {

  private static final Set<String> SMS_SCHEMES = Set.of("sms+file", "smsfile");
  private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?");

  /**
   * Parses an executable URI.
   *
   * @throws InvalidConfigurationException for another scheme or a malformed SMS URI
   */
  public static ArtifactUri parse(String uri) {
    int sep = uri.indexOf("://");
    String scheme = sep < 0 ? uri : uri.substring(0, sep);
    if (sep < 0 || !SMS_SCHEMES.contains(scheme)) {
      throw new InvalidConfigurationException("Unsupported artifact URI scheme: " + scheme);
    }
    String rest = uri.substring(sep + 3);
    int slash = rest.indexOf('/');
    Optional<String> address = Optional.empty();
    String fileId = rest;
    if (slash >= 0) {
      String host = rest.substring(0, slash);
      fileId = rest.substring(slash + 1);
      if (!host.isEmpty()) {
        if (!HOST_PORT.matcher(host).matches()) {
          throw new InvalidConfigurationException(
              "Invalid SMS address in artifact URI " + uri + ": " + host);
        }
        address = Optional.of(host);
      }
    }
    if (!FILE_ID.matcher(fileId).matches()) {
      throw new InvalidConfigurationException("Invalid SMS file id in artifact URI " + uri);
    }
    return new ArtifactUri(scheme, address, fileId);
  }

  /** The download URL, on the URI's own SMS address or else on {@code defaultSmsAddress}. */
  public URI downloadUrl(String defaultSmsAddress) {
    String address = smsAddress.orElse(defaultSmsAddress);
    // The node config may carry a full base URL; SPEAR's carries host:port.
    String base = address.contains("://") ? address : "http://" + address;
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/api/v1/files/" + fileId);
  }
}
