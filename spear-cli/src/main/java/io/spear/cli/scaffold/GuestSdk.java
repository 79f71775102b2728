package io.spear.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The guest SDK shipped inside the CLI: the C header {@code spear.h}. */
public final class GuestSdk {

  /** Where the header lives among the CLI's resources. */
  public static final String C_HEADER_RESOURCE = "/sdk/c/spear.h";

  /** The header's file name in a guest project. */
  public static final String C_HEADER_NAME = "spear.h";

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
