package io.spear.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a tool outside a JDK and Maven (clang, Node.js packages, Chromium).
 *
 * <p>{@code mvn verify} must pass on a machine with only a JDK and Maven, so such a test is skipped
 * there; {@code .ci/run} installs every tool and sets {@code SPEAR_REQUIRE_TOOLS=true}, which turns
 * a missing tool into a failure, so CI can never pass by skipping.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** Skips the calling test when {@code present} is false, or fails it when CI requires tools. */
  public static void require(boolean present, String what) {
    if (present) {
      return;
    }
    String message = what + " is not installed (.ci/run installs it)";
    if (requiredByEnvironment()) {
      throw new AssertionError(message + "; SPEAR_REQUIRE_TOOLS=true makes this a failure");
    }
    Assumptions.abort(message);
  }

  /** Whether the environment asks that every external tool be present (CI does). */
  public static boolean requiredByEnvironment() {
    return "true".equalsIgnoreCase(System.getenv("SPEAR_REQUIRE_TOOLS"));
  }
}
