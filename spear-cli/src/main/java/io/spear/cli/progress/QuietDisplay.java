package io.spear.cli.progress;

/** The display that shows nothing. */
enum QuietDisplay implements TransferDisplay, TransferDisplay.Meter {
  INSTANCE;

  @Override
  public Meter start(String label, long totalBytes) {
    return this;
  }

  @Override
  public void accept(long bytes) {}

  @Override
  public void close() {}
}
