package io.spear.runtime.wasm;

import java.io.IOException;
import java.io.OutputStream;

/** Writes every byte to two streams: the bounded buffer the record keeps, and a live sink. */
final class Tee extends OutputStream {

  private final OutputStream kept;
  private final OutputStream sink;

  private Tee(OutputStream kept, OutputStream sink) {
    this.kept = kept;
    this.sink = sink;
  }

  static OutputStream of(OutputStream kept, OutputStream sink) {
    return new Tee(kept, sink);
  }

  @Override
  public void write(int b) throws IOException {
    kept.write(b);
    sink.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    kept.write(b, off, len);
    sink.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    sink.flush();
  }
}
