package io.spear.sms.jdbc;

/** A store failed (disk, database, connection); never the client's fault. */
public final class StoreFailureException extends RuntimeException {
  /** A failure explained by {@code message}, caused by {@code cause}. */
  public StoreFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
