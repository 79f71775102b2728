package io.spear.runtime.wasm;

import io.spear.model.error.InvalidConfigurationException;

/**
 * A cheap walk over a module's sections before the parser sees it, refusing element counts that
 * cannot be true: every element of a vector takes at least one byte, so a count larger than the
 * bytes left in its section is malformed. The parser would otherwise size a list by the count first
 * (a five-byte count asks for gigabytes) and only then find the bytes missing.
 *
 * <p>Checked: the count of every vector section, the parameter and result counts of function types,
 * the size of a recursive type group, the lengths of import names, the lengths of export names, and
 * the local declarations of function bodies (whose total is also capped, as engines do, since a
 * local takes no bytes of its own). Everything else is left to the parser.
 *
 * <p>Also refused, as browsers' engines refuse them: more than {@value #MAX_FUNCTIONS} functions
 * and function bodies over {@value #MAX_BODY_BYTES} bytes. Each function becomes a method of
 * compiled code and its body that method's instructions, so such modules would take minutes of
 * compiling and hundreds of megabytes of heap before their first call.
 */
final class VectorBounds {

  /** Locals one function may declare in all; what browsers' engines allow. */
  static final long MAX_LOCALS = 50_000;

  /** Functions one module may define; what browsers' engines allow. */
  static final long MAX_FUNCTIONS = 1_000_000;

  /** Bytes one function body may take; what browsers' engines allow. */
  static final long MAX_BODY_BYTES = 7_654_321;

  private static final int TYPE = 1;
  private static final int REC = 0x4e;
  private static final int IMPORT = 2;
  private static final int FUNCTION = 3;
  private static final int EXPORT = 7;
  private static final int START = 8;
  private static final int CODE = 10;
  private static final int DATA_COUNT = 12;

  private final byte[] bytes;
  private int pos;

  private VectorBounds(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Refuses a module with an impossible count; says nothing of a module it cannot walk. */
  static void check(byte[] bytes) {
    if (bytes.length < 8) {
      return; // the parser reports the short header
    }
    new VectorBounds(bytes).sections();
  }

  private void sections() {
    pos = 8;
    while (pos < bytes.length) {
      int id = bytes[pos++] & 0xff;
      long size = leb();
      if (size < 0 || size > bytes.length - pos) {
        return; // the parser reports a section that runs past the end
      }
      int end = (int) (pos + size);
      if (id >= TYPE && id < DATA_COUNT && id != START) {
        int start = pos;
        long count = leb();
        requireFits(count, end, "section " + id + " declares " + count + " entries");
        if ((id == FUNCTION || id == CODE) && count > MAX_FUNCTIONS) {
          throw refused(
              "the module defines "
                  + count
                  + " functions, more than the "
                  + MAX_FUNCTIONS
                  + " a node compiles");
        }
        if (id == TYPE) {
          types(count, end);
        } else if (id == IMPORT) {
          imports(count, end);
        } else if (id == EXPORT) {
          exports(count, end);
        } else if (id == CODE) {
          bodies(count, end);
        }
        pos = start;
      }
      pos = end;
    }
  }

  private void types(long count, int end) {
    for (long i = 0; i < count && pos < end; i++) {
      if ((bytes[pos] & 0xff) == REC) {
        // A recursive group's count sizes the parser's loop as any vector's does.
        pos++;
        long n = leb();
        requireFits(n, end, "type " + i + " declares a group of " + n + " types");
        return; // the group's types are the parser's business
      }
      if ((bytes[pos] & 0xff) != 0x60) {
        return; // not a plain function type (sub types): the parser's business
      }
      pos++;
      for (String what : new String[] {"parameters", "results"}) {
        long n = leb();
        requireFits(n, end, "type " + i + " declares " + n + " " + what);
        for (long k = 0; k < n; k++) {
          if (!singleByteValueType(bytes[pos++])) {
            return; // a multi-byte (reference) type: the parser walks the rest
          }
        }
      }
    }
  }

  private void bodies(long count, int end) {
    for (long i = 0; i < count && pos < end; i++) {
      long size = leb();
      requireFits(size, end, "function body " + i + " declares " + size + " bytes");
      if (size > MAX_BODY_BYTES) {
        throw refused(
            "function body "
                + i
                + " takes "
                + size
                + " bytes, more than the "
                + MAX_BODY_BYTES
                + " a node compiles");
      }
      int bodyEnd = (int) (pos + size);
      long groups = leb();
      requireFits(groups, bodyEnd, "function body " + i + " declares " + groups + " local groups");
      long locals = 0;
      for (long g = 0; g < groups && pos < bodyEnd; g++) {
        locals += leb();
        pos++; // the group's value type
        if (locals > MAX_LOCALS) {
          throw refused("function body " + i + " declares more than " + MAX_LOCALS + " locals");
        }
      }
      pos = bodyEnd;
    }
  }

  // An import's two names, as an export's: their lengths are checked, its description skipped.
  private void imports(long count, int end) {
    for (long i = 0; i < count && pos < end; i++) {
      for (String what : new String[] {"module name", "name"}) {
        long length = leb();
        requireFits(
            length, end, "import " + i + " declares a " + what + " of " + length + " bytes");
        pos += (int) length;
      }
      if (pos >= end || !skipImportDescription(bytes[pos++] & 0xff)) {
        return; // the parser reports (or reads) the rest
      }
    }
  }

  /** Skips an import's description; false when it is not one this walk knows how to skip. */
  private boolean skipImportDescription(int kind) {
    return switch (kind) {
      case 0 -> leb() >= 0; // function: its type index
      case 1 -> pos < bytes.length && singleByteValueType(bytes[pos++]) && skipLimits(); // table
      case 2 -> skipLimits(); // memory
      case 3 -> { // global: a value type and its mutability
        boolean known = pos + 1 < bytes.length && singleByteValueType(bytes[pos]);
        pos += 2;
        yield known;
      }
      default -> false;
    };
  }

  private boolean skipLimits() {
    if (pos >= bytes.length) {
      return false;
    }
    int flags = bytes[pos++] & 0xff;
    if (flags > 3) {
      return false; // 64-bit or unknown limits: the parser's business
    }
    return leb() >= 0 && ((flags & 1) == 0 || leb() >= 0);
  }

  // A name's length is read before its bytes: a five-byte length makes the parser try to read
  // gigabytes (seconds of work) before it finds them missing.
  private void exports(long count, int end) {
    for (long i = 0; i < count && pos < end; i++) {
      long length = leb();
      requireFits(length, end, "export " + i + " declares a name of " + length + " bytes");
      pos += (int) length;
      pos++; // the export's kind
      if (leb() < 0) {
        return; // the parser reports the bad index
      }
    }
  }

  private static boolean singleByteValueType(byte b) {
    int t = b & 0xff;
    return t >= 0x7b && t <= 0x7f || t == 0x70 || t == 0x6f;
  }

  private void requireFits(long count, int end, String what) {
    if (count < 0 || count > end - pos) {
      throw refused(what + ", more than the " + Math.max(0, end - pos) + " bytes left for them");
    }
  }

  private static InvalidConfigurationException refused(String why) {
    return new InvalidConfigurationException("WASM module is malformed: " + why);
  }

  /** An unsigned LEB128 of at most 5 bytes; -1 when it is longer or runs past the end. */
  private long leb() {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= bytes.length) {
        return -1;
      }
      int b = bytes[pos++] & 0xff;
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    return -1;
  }
}
