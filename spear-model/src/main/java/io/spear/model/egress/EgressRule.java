package io.spear.model.egress;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One entry of an egress list: a host name ({@code api.example.com}), every name under a domain
 * ({@code *.github.com}, not {@code github.com} itself), any public host ({@code *}) or one address
 * ({@code 127.0.0.1}, {@code [::1]}), with an optional port. Without a port an entry allows ports
 * 80 and 443, the defaults of http and https.
 *
 * @param text the entry as written, for messages
 * @param kind what the host part is
 * @param host the canonical host: a name, the domain of a wildcard (without {@code *.}), an address
 * @param address the address of an {@link Kind#ADDRESS} entry
 * @param port the port, or empty for 80 and 443
 */
public record EgressRule(
    String text, Kind kind, String host, Optional<InetAddress> address, OptionalInt port) {

  /** What an entry's host part names. */
  public enum Kind {
    /** One host name. */
    NAME,
    /** Every name under a domain. */
    WILDCARD,
    /** Any host name or public address. */
    ANY,
    /** One IP address; the only way to reach an address in a special range. */
    ADDRESS
  }

  private static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443);

  /**
   * Reads an entry.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static EgressRule parse(String entry) {
    if (entry == null || entry.isBlank()) {
      throw new IllegalArgumentException("an egress entry is empty");
    }
    String text = entry.strip();
    if (text.contains("/") || text.contains("@") || text.contains("%")) {
      throw new IllegalArgumentException(
          "egress entry '" + text + "' must be host, *.domain, * or an IP, with an optional :port");
    }
    String hostPart = text;
    OptionalInt port = OptionalInt.empty();
    int colon = text.lastIndexOf(':');
    if (colon >= 0 && (!text.startsWith("[") || text.lastIndexOf(']') < colon)) {
      hostPart = text.substring(0, colon);
      port = OptionalInt.of(port(text.substring(colon + 1), text));
    }
    if (hostPart.equals("*")) {
      return new EgressRule(text, Kind.ANY, "*", Optional.empty(), port);
    }
    if (hostPart.startsWith("*.")) {
      HostSpelling.Host domain = canonical(hostPart.substring(2), text);
      if (domain.address().isPresent()) {
        throw new IllegalArgumentException(
            "egress entry '" + text + "' puts a wildcard in front of an address");
      }
      return new EgressRule(text, Kind.WILDCARD, domain.name(), Optional.empty(), port);
    }
    if (hostPart.contains("*")) {
      throw new IllegalArgumentException(
          "egress entry '" + text + "' may use * only as its whole host or as its first label");
    }
    HostSpelling.Host host = canonical(hostPart, text);
    return host.address().isPresent()
        ? new EgressRule(text, Kind.ADDRESS, host.name(), host.address(), port)
        : new EgressRule(text, Kind.NAME, host.name(), Optional.empty(), port);
  }

  private static HostSpelling.Host canonical(String host, String text) {
    try {
      return HostSpelling.canonical(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("egress entry '" + text + "': " + e.getMessage(), e);
    }
  }

  private static int port(String digits, String text) {
    if (!digits.matches("[0-9]{1,5}")
        || Integer.parseInt(digits) < 1
        || Integer.parseInt(digits) > 65535) {
      throw new IllegalArgumentException(
          "egress entry '" + text + "' has a port that is not a number from 1 to 65535");
    }
    return Integer.parseInt(digits);
  }

  /** Whether this entry lets a connection to {@code port} through. */
  public boolean allowsPort(int value) {
    return port.isPresent() ? port.getAsInt() == value : DEFAULT_PORTS.contains(value);
  }

  /**
   * Whether this entry lets {@code name} (empty for an address literal) at {@code address} through;
   * only an {@link Kind#ADDRESS} entry lets a special-range address through.
   */
  public boolean allowsHost(Optional<String> name, InetAddress address, boolean special) {
    return switch (kind) {
      case ADDRESS -> this.address.orElseThrow().equals(address);
      case ANY -> !special;
      case NAME -> !special && name.isPresent() && name.get().equals(host);
      case WILDCARD -> !special && name.isPresent() && name.get().endsWith("." + host);
    };
  }

  /** Whether everything {@code other} allows, this entry allows too (a task narrowing a node). */
  public boolean covers(EgressRule other) {
    boolean ports =
        port.isPresent()
            ? other.port.isPresent() && other.port.getAsInt() == port.getAsInt()
            : other.port.isEmpty() || DEFAULT_PORTS.contains(other.port.getAsInt());
    return ports && coversHost(other);
  }

  private boolean coversHost(EgressRule other) {
    return switch (kind) {
      case ANY ->
          other.kind != Kind.ADDRESS || SpecialRanges.of(other.address.orElseThrow()).isEmpty();
      case WILDCARD ->
          (other.kind == Kind.NAME || other.kind == Kind.WILDCARD)
              && (other.host.endsWith("." + host)
                  || (other.kind == Kind.WILDCARD && other.host.equals(host)));
      case NAME -> other.kind == Kind.NAME && other.host.equals(host);
      case ADDRESS -> other.kind == Kind.ADDRESS && other.address.equals(address);
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
