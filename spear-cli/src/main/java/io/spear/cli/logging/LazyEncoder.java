package io.spear.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.function.Supplier;

/**
 * An encoder made on the first line logged: a one-shot command usually logs none, and making the
 * text encoder (its pattern parsed, its date format's time-zone rules read) was a tenth of a
 * standalone {@code spear run}'s own time. Neither of our encoders writes a header, so none is
 * written before the first line.
 */
final class LazyEncoder extends EncoderBase<ILoggingEvent> {

  private final Supplier<Encoder<ILoggingEvent>> make;
  private volatile Encoder<ILoggingEvent> made;

  LazyEncoder(Supplier<Encoder<ILoggingEvent>> make) {
    this.make = make;
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return encoder().encode(event);
  }

  @Override
  public byte[] footerBytes() {
    Encoder<ILoggingEvent> encoder = made;
    return encoder == null ? null : encoder.footerBytes();
  }

  @Override
  public void stop() {
    Encoder<ILoggingEvent> encoder = made;
    if (encoder != null) {
      encoder.stop();
    }
    super.stop();
  }

  // Logback's appenders encode outside their lock: threads logging at once make it only once.
  private Encoder<ILoggingEvent> encoder() {
    Encoder<ILoggingEvent> encoder = made;
    if (encoder == null) {
      synchronized (this) {
        encoder = made;
        if (encoder == null) {
          encoder = make.get();
          made = encoder;
        }
      }
    }
    return encoder;
  }
}
