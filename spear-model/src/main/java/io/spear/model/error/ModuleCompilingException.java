package io.spear.model.error;

/** A module is still compiling and the invocation could wait no longer; retry later. */
public final class ModuleCompilingException extends SpearException {

  /** Seconds a client should wait before retrying, as the Retry-After header says. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** Creates the exception with a client-safe message. */
  public ModuleCompilingException(String message) {
    super(ErrorCode.MODULE_COMPILING, message, null);
  }

  @Override
  public String kind() {
    return "ModuleCompiling";
  }
}
