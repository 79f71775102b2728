package io.spear.cli.progress;

import java.util.function.LongConsumer;

/** Shows how far transfers have got: a progress bar per transfer, or nothing. */
public interface TransferDisplay {

  /** A meter for one transfer of {@code totalBytes} bytes called {@code label}. */
  Meter start(String label, long totalBytes);

  /** One transfer's meter: fed the size of each chunk sent, closed when the transfer ends. */
  interface Meter extends LongConsumer, AutoCloseable {
    @Override
    void close();
  }

  /** Shows nothing (output piped or redirected, tests, scripts). */
  static TransferDisplay none() {
    return QuietDisplay.INSTANCE;
  }
}
