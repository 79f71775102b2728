package io.spear.model.egress;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the host of a URL or a rule into one canonical form, so that no spelling of an address
 * slips past a check: IPv4 in the forms C's {@code inet_aton} and browsers accept ({@code
 * 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}), bracketed IPv6 (an IPv4-mapped one becomes its
 * IPv4 address), a trailing dot, upper case and Unicode (IDNA, which folds full-width digits).
 */
public final class HostSpelling {

  private HostSpelling() {}

  /** A host in canonical form: either an address or a lower-case ASCII name without a final dot. */
  public record Host(String name, Optional<InetAddress> address) {}

  /**
   * The canonical form of {@code raw}.
   *
   * @throws IllegalArgumentException when it is no host name or address at all
   */
  public static Host canonical(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (raw.startsWith("[")) {
      return ipv6(raw);
    }
    String ascii;
    try {
      ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a host name");
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty() || ascii.startsWith(".") || ascii.contains("..")) {
      throw new IllegalArgumentException("'" + raw + "' is not a host name");
    }
    Optional<byte[]> v4 = ipv4(ascii);
    if (v4.isPresent()) {
      InetAddress address = address(v4.get(), raw);
      return new Host(address.getHostAddress(), Optional.of(address));
    }
    String last = ascii.substring(ascii.lastIndexOf('.') + 1);
    if (Character.isDigit(last.charAt(0))) {
      // A name whose last label is a number is an address spelling we do not know: refuse it
      // rather than let a resolver read it some other way.
      throw new IllegalArgumentException("'" + raw + "' is neither a host name nor an address");
    }
    return new Host(ascii, Optional.empty());
  }

  private static Host ipv6(String raw) {
    if (!raw.endsWith("]") || raw.contains("%")) {
      throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address in brackets");
    }
    String inner = raw.substring(1, raw.length() - 1);
    if (inner.isEmpty() || !inner.matches("[0-9A-Fa-f:.]+") || !inner.contains(":")) {
      throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address");
    }
    InetAddress address;
    try {
      // A literal: no lookup happens. An IPv4-mapped address comes back as its IPv4 address.
      address = InetAddress.getByName(inner);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address");
    }
    String name = address.getHostAddress();
    return new Host(name.contains(":") ? "[" + name + "]" : name, Optional.of(address));
  }

  /** IPv4 as {@code inet_aton} reads it: one to four numbers, decimal, octal or hexadecimal. */
  static Optional<byte[]> ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] numbers = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Optional<Long> n = number(parts[i]);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      numbers[i] = n.get();
    }
    long value = 0;
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
      }
      value = (value << 8) | numbers[i];
    }
    int lastBits = 8 * (4 - (numbers.length - 1));
    long last = numbers[numbers.length - 1];
    if (last >= (1L << lastBits)) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
    }
    value = (value << lastBits) | last;
    return Optional.of(
        new byte[] {
          (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        });
  }

  private static Optional<Long> number(String part) {
    String digits;
    int radix;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      digits = part.substring(2);
      radix = 16;
    } else if (part.length() > 1 && part.startsWith("0")) {
      digits = part.substring(1);
      radix = 8;
    } else {
      digits = part;
      radix = 10;
    }
    if (digits.isEmpty() && radix == 16) {
      return Optional.of(0L); // "0x" alone is zero to inet_aton
    }
    if (digits.isEmpty() || digits.length() > 12) {
      return digits.isEmpty() ? Optional.empty() : Optional.of(Long.MAX_VALUE);
    }
    try {
      return Optional.of(Long.parseLong(digits, radix));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static InetAddress address(byte[] bytes, String raw) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + raw + "' is not an address", e);
    }
  }
}
