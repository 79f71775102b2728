package io.spear.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Makes "real-looking" modules for the first-invocation figure: a small WASI command followed by
 * DWARF-style custom sections, so that most of the bytes are debug info as in unstripped toolchain
 * output. The custom sections' content depends on a seed, so each seed gives a module with a new
 * sha256 that no cache has seen.
 */
final class ModuleGenerator {

  /** Custom sections and their share of the padding, like a debug build's. */
  private static final String[] SECTIONS = {
    ".debug_info", ".debug_str", ".debug_line", ".debug_abbrev", ".debug_ranges", "producers"
  };

  private static final double[] SHARES = {0.45, 0.25, 0.2, 0.04, 0.05, 0.01};

  private ModuleGenerator() {}

  /**
   * {@code base} followed by custom sections, about {@code totalBytes} long in all.
   *
   * @param base a valid module
   * @param totalBytes the size to reach
   * @param seed makes the custom sections' content unique
   */
  static byte[] withCustomSections(byte[] base, int totalBytes, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(totalBytes + 64);
    out.writeBytes(base);
    int padding = Math.max(0, totalBytes - base.length);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < SECTIONS.length; i++) {
      int size = (int) (padding * SHARES[i]) - 32;
      byte[] payload = payload(SECTIONS[i], Math.max(16, size), random, seed);
      section(out, SECTIONS[i], payload);
    }
    return out.toByteArray();
  }

  private static byte[] payload(String section, int size, SplittableRandom random, long seed) {
    byte[] bytes = new byte[size];
    if (section.equals(".debug_str") || section.equals("producers")) {
      // Identifier-like text, as string tables hold.
      String alphabet = "abcdefghijklmnopqrstuvwxyz_0123456789";
      for (int i = 0; i < size; i++) {
        bytes[i] =
            (random.nextInt(12) == 0)
                ? 0
                : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      }
    } else {
      random.nextBytes(bytes);
    }
    byte[] tag = ("seed " + seed).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tag, 0, bytes, 0, Math.min(tag.length, size));
    return bytes;
  }

  private static void section(ByteArrayOutputStream out, String name, byte[] payload) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + nameBytes.length + 8);
    leb128(body, nameBytes.length);
    body.writeBytes(nameBytes);
    body.writeBytes(payload);
    out.write(0); // custom section id
    leb128(out, body.size());
    out.writeBytes(body.toByteArray());
  }

  private static void leb128(ByteArrayOutputStream out, int value) {
    int v = value;
    do {
      int b = v & 0x7f;
      v >>>= 7;
      if (v != 0) {
        b |= 0x80;
      }
      out.write(b);
    } while (v != 0);
  }
}
