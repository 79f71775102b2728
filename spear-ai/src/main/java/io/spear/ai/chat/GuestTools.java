package io.spear.ai.chat;

/** Calls a tool function inside the guest while {@code cchat_send} is still on its stack. */
interface GuestTools {

  /**
   * Runs the guest function at {@code fnOffset} of its function table on {@code argsJson}.
   *
   * @return the tool's output text
   * @throws ToolFailure with the negative return code when the tool cannot be called or fails
   */
  String call(int fnOffset, String argsJson, long arenaPtr, long arenaLen, long maxOutputBytes)
      throws ToolFailure;

  /** A failed tool call and its (negative) return code. */
  final class ToolFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int rc;

    ToolFailure(int rc) {
      super("tool rc: " + rc, null, false, false);
      this.rc = rc;
    }

    int rc() {
      return rc;
    }
  }
}
