package io.spear.model.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Address ranges a guest never reaches unless the operator lists the address itself: everything
 * that is not a plain public unicast address, in IPv4 and IPv6, including IPv6 forms that carry an
 * IPv4 address inside them (a host may route those to the IPv4 address).
 */
public final class SpecialRanges {

  private record Range(byte[] prefix, int bits, String name) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  // Built by hand: InetAddress turns any ::ffff:a.b.c.d literal into the IPv4 address.
  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0};

  private static final List<Range> RANGES =
      List.of(
          v4("0.0.0.0", 8, "unspecified (0.0.0.0/8)"),
          v4("10.0.0.0", 8, "private (10.0.0.0/8)"),
          v4("100.64.0.0", 10, "carrier-grade NAT (100.64.0.0/10)"),
          v4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
          v4("169.254.0.0", 16, "link-local (169.254.0.0/16, cloud metadata)"),
          v4("172.16.0.0", 12, "private (172.16.0.0/12)"),
          v4("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
          v4("192.0.2.0", 24, "documentation (192.0.2.0/24)"),
          v4("192.88.99.0", 24, "6to4 relay (192.88.99.0/24)"),
          v4("192.168.0.0", 16, "private (192.168.0.0/16)"),
          v4("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
          v4("198.51.100.0", 24, "documentation (198.51.100.0/24)"),
          v4("203.0.113.0", 24, "documentation (203.0.113.0/24)"),
          v4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
          v4("240.0.0.0", 4, "reserved and broadcast (240.0.0.0/4)"),
          v6("::", 128, "unspecified (::)"),
          v6("::1", 128, "loopback (::1)"),
          v6("::", 96, "IPv4-compatible IPv6 (::/96)"),
          new Range(MAPPED_PREFIX, 96, "IPv4-mapped IPv6 (::ffff:0:0/96)"),
          v6("64:ff9b::", 96, "NAT64 (64:ff9b::/96)"),
          v6("64:ff9b:1::", 48, "local NAT64 (64:ff9b:1::/48)"),
          v6("100::", 64, "discard (100::/64)"),
          v6("2001::", 32, "Teredo (2001::/32)"),
          v6("2001:db8::", 32, "documentation (2001:db8::/32)"),
          v6("2002::", 16, "6to4 (2002::/16)"),
          v6("fc00::", 7, "unique local (fc00::/7)"),
          v6("fe80::", 10, "link-local (fe80::/10)"),
          v6("fec0::", 10, "site-local (fec0::/10)"),
          v6("ff00::", 8, "multicast (ff00::/8)"));

  private SpecialRanges() {}

  /** The special range {@code address} is in, named for a refusal; empty for a public address. */
  public static Optional<String> of(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Range range : RANGES) {
      if (range.contains(bytes)) {
        return Optional.of(range.name());
      }
    }
    return Optional.empty();
  }

  private static Range v4(String prefix, int bits, String name) {
    return new Range(literal(prefix, Inet4Address.class), bits, name);
  }

  private static Range v6(String prefix, int bits, String name) {
    return new Range(literal(prefix, Inet6Address.class), bits, name);
  }

  private static byte[] literal(String text, Class<? extends InetAddress> kind) {
    try {
      // Literals only: no lookup happens.
      InetAddress address = InetAddress.getByName(text);
      if (kind == Inet6Address.class && address instanceof Inet4Address) {
        throw new IllegalStateException(text);
      }
      return address.getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(text, e);
    }
  }
}
