package io.spear.sms.sqlite;

/** The embedded store failed (disk, database); never the client's fault. */
final class StoreFailureException extends RuntimeException {
  StoreFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
