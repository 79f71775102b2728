package io.spear.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The guest SDKs shipped inside the CLI: the C header {@code spear.h}, the Rust crate {@code
 * spear-guest} and the AssemblyScript folder {@code spear}.
 */
public final class GuestSdk {

  /** Where the header lives among the CLI's resources. */
  public static final String C_HEADER_RESOURCE = "/sdk/c/spear.h";

  /** The header's file name in a guest project. */
  public static final String C_HEADER_NAME = "spear.h";

  /** The Rust crate's files, relative to {@link #RUST_RESOURCE}. */
  public static final List<String> RUST_FILES =
      List.of(
          "Cargo.toml",
          "src/lib.rs",
          "src/sys.rs",
          "src/json.rs",
          "src/chat.rs",
          "src/stream.rs",
          "src/media.rs",
          "src/http.rs",
          "src/kv.rs");

  /** Where the Rust crate lives among the CLI's resources. */
  public static final String RUST_RESOURCE = "/sdk/rust/spear-guest/";

  /** The Rust crate's folder in a guest project. */
  public static final String RUST_DIR = "spear-guest/";

  /** The AssemblyScript SDK's files, relative to {@link #ASSEMBLYSCRIPT_RESOURCE}. */
  public static final List<String> ASSEMBLYSCRIPT_FILES = List.of("abi.ts", "index.ts");

  /** Where the AssemblyScript SDK lives among the CLI's resources. */
  public static final String ASSEMBLYSCRIPT_RESOURCE = "/sdk/assemblyscript/spear/";

  /** The AssemblyScript SDK's folder in a guest project. */
  public static final String ASSEMBLYSCRIPT_DIR = "spear/";

  private GuestSdk() {}

  /** The C header's bytes. */
  public static byte[] cHeader() {
    return resource(C_HEADER_RESOURCE);
  }

  static byte[] resource(String name) {
    try (InputStream in = GuestSdk.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
