package io.spear.sms.node;

import io.spear.model.error.InvalidRequestException;
import java.net.Inet6Address;
import java.util.regex.Pattern;

/**
 * Checks a node's {@code ip_address}: a host name or an IP literal and nothing else, since SMS
 * builds URLs from it and forwards invocations there (a path, query, fragment, user info or port
 * smuggled in would point SMS somewhere else).
 */
final class NodeAddress {

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private NodeAddress() {}

  /** {@code value}, checked. */
  static String require(String value) {
    boolean valid =
        IPV4.matcher(value).matches()
            || (value.contains(":") && IPV6.matcher(value).matches() && ipv6Literal(value))
            || (!value.matches("[0-9.]+") && HOST_NAME.matcher(value).matches());
    if (!valid) {
      throw new InvalidRequestException(
          "ip_address must be a host name or an IP address (no scheme, port or path) but was '"
              + value
              + "'");
    }
    return value;
  }

  /** Whether {@code value} parses as an IPv6 literal ({@code 127.0.0.1:80} has the characters). */
  private static boolean ipv6Literal(String value) {
    try {
      Inet6Address.ofLiteral(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code host} as it goes into a URL: IPv6 literals in brackets. */
  static String forUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
