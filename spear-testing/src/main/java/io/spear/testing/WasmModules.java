package io.spear.testing;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Valid WebAssembly modules of chosen shapes and sizes, written directly in the binary format, for
 * tests of limits that a hand-written {@code .wat} cannot reach (hundreds of thousands of
 * functions, megabytes of code). Every module is a WASI command whose {@code _start} returns.
 */
public final class WasmModules {

  private static final byte I32_CONST = 0x41;
  private static final byte I32_ADD = 0x6a;
  private static final byte I32_XOR = 0x73;
  private static final byte DROP = 0x1a;
  private static final byte END = 0x0b;
  private static final byte LOCAL_GET = 0x20;
  private static final byte LOCAL_SET = 0x21;

  private WasmModules() {}

  /** A module of {@code count} functions with tiny bodies, {@code _start} the first. */
  public static byte[] manyFunctions(int count) {
    byte[][] bodies = new byte[count][];
    for (int i = 0; i < count; i++) {
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      code.write(I32_CONST);
      signed(code, i);
      code.write(DROP);
      bodies[i] = code.toByteArray();
    }
    return module(bodies, 0);
  }

  /** A module whose {@code _start} is {@code count} pairs of {@code i32.const} and {@code drop}. */
  public static byte[] constDrops(int count) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      code.write(I32_CONST);
      signed(code, i & 0x3f);
      code.write(DROP);
    }
    return module(new byte[][] {code.toByteArray()}, 0);
  }

  /**
   * A module of about {@code bytes} bytes of code, distinct for each {@code seed}: functions of a
   * few hundred arithmetic instructions on a local, as a compiler's output would be.
   */
  public static byte[] codeOfSize(int bytes, long seed) {
    Random random = new Random(seed);
    int perFunction = 2_000;
    int count = Math.max(1, bytes / perFunction);
    byte[][] bodies = new byte[count][];
    for (int f = 0; f < count; f++) {
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      while (code.size() < perFunction - 16) {
        code.write(LOCAL_GET);
        code.write(0);
        code.write(I32_CONST);
        signed(code, random.nextInt());
        code.write(random.nextBoolean() ? I32_ADD : I32_XOR);
        code.write(LOCAL_SET);
        code.write(0);
      }
      bodies[f] = code.toByteArray();
    }
    return module(bodies, 1);
  }

  /** A module whose functions have these bodies (without locals or end) and one i32 local each. */
  private static byte[] module(byte[][] bodies, int locals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
    // Type section: one type, [] -> [].
    section(out, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
    ByteArrayOutputStream functions = new ByteArrayOutputStream();
    unsigned(functions, bodies.length);
    for (int i = 0; i < bodies.length; i++) {
      functions.write(0);
    }
    section(out, 3, functions.toByteArray());
    // A memory of one page, as WASI expects of a command.
    section(out, 5, new byte[] {0x01, 0x00, 0x01});
    ByteArrayOutputStream exports = new ByteArrayOutputStream();
    unsigned(exports, 2);
    name(exports, "_start");
    exports.write(0x00);
    unsigned(exports, 0);
    name(exports, "memory");
    exports.write(0x02);
    unsigned(exports, 0);
    section(out, 7, exports.toByteArray());
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    unsigned(code, bodies.length);
    for (byte[] body : bodies) {
      ByteArrayOutputStream function = new ByteArrayOutputStream();
      if (locals == 0) {
        unsigned(function, 0);
      } else {
        unsigned(function, 1);
        unsigned(function, locals);
        function.write(0x7f);
      }
      function.writeBytes(body);
      function.write(END);
      unsigned(code, function.size());
      code.writeBytes(function.toByteArray());
    }
    section(out, 10, code.toByteArray());
    return out.toByteArray();
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] content) {
    out.write(id);
    unsigned(out, content.length);
    out.writeBytes(content);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    unsigned(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void unsigned(ByteArrayOutputStream out, long value) {
    do {
      int b = (int) (value & 0x7f);
      value >>>= 7;
      out.write(value == 0 ? b : b | 0x80);
    } while (value != 0);
  }

  private static void signed(ByteArrayOutputStream out, long value) {
    boolean more = true;
    while (more) {
      int b = (int) (value & 0x7f);
      value >>= 7;
      if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
        more = false;
      } else {
        b |= 0x80;
      }
      out.write(b);
    }
  }
}
