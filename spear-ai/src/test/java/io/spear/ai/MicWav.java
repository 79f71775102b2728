package io.spear.ai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** WAV files for microphone tests. */
final class MicWav {

  private MicWav() {}

  /** A 440 Hz PCM16 tone of {@code millis} at this rate and channel count. */
  static byte[] tone(int rate, int channels, int millis) {
    int frames = rate * millis / 1000;
    int dataBytes = frames * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) channels).putInt(rate).putInt(rate * channels * 2);
    b.putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    for (int f = 0; f < frames; f++) {
      short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * f / rate));
      for (int c = 0; c < channels; c++) {
        b.putShort(s);
      }
    }
    return b.array();
  }
}
