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
  private static final byte I64_CONST = 0x42;
  private static final byte I64_XOR = (byte) 0x85;
  private static final byte I64_NE = 0x52;
  private static final byte I32_NE = 0x47;
  private static final byte BLOCK = 0x02;
  private static final byte LOOP = 0x03;
  private static final byte IF = 0x04;
  private static final byte BR = 0x0c;
  private static final byte BR_IF = 0x0d;
  private static final byte CALL = 0x10;
  private static final byte EMPTY_TYPE = 0x40;
  private static final byte UNREACHABLE = 0x00;
  private static final byte I32 = 0x7f;
  private static final byte I64 = 0x7e;

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

  /**
   * A {@code _start} that pushes {@code depth} values before adding them up, and traps unless the
   * sum is right: deeper than a JVM method's operand stack can be.
   */
  public static byte[] deepOperandStack(int depth) {
    return module(new byte[][] {deepStackBody(depth, false)}, 0);
  }

  /** As {@link #deepOperandStack}, then a loop that never ends. */
  public static byte[] deepOperandStackThenLoop(int depth) {
    return module(new byte[][] {deepStackBody(depth, true)}, 0);
  }

  /**
   * A {@code _start} that only calls a second function, which is {@link #deepOperandStack}'s: one
   * function the JVM can take and one it cannot.
   */
  public static byte[] oneOrdinaryFunctionAndOneDeepStack(int depth) {
    ByteArrayOutputStream start = new ByteArrayOutputStream();
    start.write(CALL);
    unsigned(start, 1);
    return module(new byte[][] {start.toByteArray(), deepStackBody(depth, false)}, 0);
  }

  private static byte[] deepStackBody(int depth, boolean loopAfter) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      code.write(I32_CONST);
      code.write(1);
    }
    for (int i = 1; i < depth; i++) {
      code.write(I32_ADD);
    }
    code.write(I32_CONST);
    signed(code, depth);
    code.write(I32_NE);
    trapIfTrue(code);
    if (loopAfter) {
      code.writeBytes(new byte[] {LOOP, EMPTY_TYPE, BR, 0, END});
    }
    return code.toByteArray();
  }

  /**
   * A {@code _start} with {@code count} i64 locals (two JVM slots each: more than a JVM method may
   * have) that stores into the last one and traps unless it reads the value back.
   */
  public static byte[] manyLocals(int count) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.write(I64_CONST);
    signed(code, 7);
    code.write(LOCAL_SET);
    unsigned(code, count - 1);
    code.write(LOCAL_GET);
    unsigned(code, count - 1);
    code.write(I64_CONST);
    signed(code, 7);
    code.write(I64_NE);
    trapIfTrue(code);
    return module(new byte[][] {code.toByteArray()}, count, I64);
  }

  /**
   * A {@code _start} folding {@code count} distinct i64 constants with xor (more constants than a
   * JVM class's constant pool holds), trapping unless the result is right.
   */
  public static byte[] manyConstants(int count) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.write(I64_CONST);
    signed(code, 0);
    long expected = 0;
    for (int i = 0; i < count; i++) {
      long constant = 1_000_003L * i + 123_456_789_123L;
      expected ^= constant;
      code.write(I64_CONST);
      signed(code, constant);
      code.write(I64_XOR);
    }
    code.write(I64_CONST);
    signed(code, expected);
    code.write(I64_NE);
    trapIfTrue(code);
    return module(new byte[][] {code.toByteArray()}, 0);
  }

  /**
   * A {@code _start} whose first instruction branches over about {@code bytes} bytes of code ending
   * in {@code unreachable}: a jump longer than a JVM branch offset reaches.
   */
  public static byte[] farBranch(int bytes) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.writeBytes(new byte[] {BLOCK, EMPTY_TYPE, I32_CONST, 1, BR_IF, 0});
    addsToLocal(code, bytes);
    code.write(UNREACHABLE);
    code.write(END);
    return module(new byte[][] {code.toByteArray()}, 1);
  }

  /**
   * A {@code _start} of about {@code bytes} bytes of additions to a local (a JVM method holds at
   * most 64 KiB of bytecode), trapping unless the sum is right.
   */
  public static byte[] hugeFunction(int bytes) {
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    int expected = addsToLocal(code, bytes);
    code.write(LOCAL_GET);
    code.write(0);
    code.write(I32_CONST);
    signed(code, expected);
    code.write(I32_NE);
    trapIfTrue(code);
    return module(new byte[][] {code.toByteArray()}, 1);
  }

  /** Adds small constants to local 0 until {@code bytes} of code; answers their sum. */
  private static int addsToLocal(ByteArrayOutputStream code, int bytes) {
    int sum = 0;
    for (int i = 0; code.size() < bytes; i++) {
      int k = i & 0x3f;
      sum += k;
      code.write(LOCAL_GET);
      code.write(0);
      code.write(I32_CONST);
      signed(code, k);
      code.write(I32_ADD);
      code.write(LOCAL_SET);
      code.write(0);
    }
    return sum;
  }

  private static void trapIfTrue(ByteArrayOutputStream code) {
    code.writeBytes(new byte[] {IF, EMPTY_TYPE, UNREACHABLE, END});
  }

  /** A module whose functions have these bodies (without locals or end) and i32 locals. */
  private static byte[] module(byte[][] bodies, int locals) {
    return module(bodies, locals, I32);
  }

  /** A module whose functions have these bodies (without locals or end) and locals of a type. */
  private static byte[] module(byte[][] bodies, int locals, byte localType) {
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
        function.write(localType);
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
