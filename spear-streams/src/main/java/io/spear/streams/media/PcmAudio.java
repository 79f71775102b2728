package io.spear.streams.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a WAV or raw PCM16 file and converts it to PCM16 little-endian at the sample rate and
 * channel count a guest asked for: channels are averaged down or repeated up, and the rate is
 * changed by linear interpolation (good enough for speech recognition, not for music).
 */
public final class PcmAudio {

  /** The largest file read: about 10 minutes of 48 kHz stereo PCM16. */
  public static final long MAX_FILE_BYTES = 128L * 1024 * 1024;

  private PcmAudio() {}

  /**
   * The device's file as PCM16 at {@code sampleRateHz} and {@code channels}.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it is not audio this class understands
   */
  public static byte[] load(MicDevice device, int sampleRateHz, int channels) throws IOException {
    Path file = device.file().orElseThrow(() -> new IllegalArgumentException("no device file"));
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("file larger than " + MAX_FILE_BYTES + " bytes");
    }
    byte[] bytes = Files.readAllBytes(file);
    Decoded decoded =
        isWav(bytes)
            ? wav(bytes)
            : new Decoded(
                pcm16(bytes, 0, bytes.length), device.rawSampleRateHz(), device.rawChannels());
    return encode(resample(remix(decoded, channels), sampleRateHz));
  }

  /** Samples as floats in [-1, 1], interleaved. */
  record Decoded(float[] samples, int sampleRateHz, int channels) {}

  static boolean isWav(byte[] b) {
    return b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'A'
        && b[10] == 'V'
        && b[11] == 'E';
  }

  static Decoded wav(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    in.position(12);
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (in.remaining() >= 8) {
      String id = new String(bytes, in.position(), 4, java.nio.charset.StandardCharsets.US_ASCII);
      in.position(in.position() + 4);
      long size = Integer.toUnsignedLong(in.getInt());
      int start = in.position();
      int len = (int) Math.min(size, in.remaining());
      if (id.equals("fmt ")) {
        if (len < 16) {
          throw new IllegalArgumentException("WAV fmt chunk too short");
        }
        format = Short.toUnsignedInt(in.getShort(start));
        channels = Short.toUnsignedInt(in.getShort(start + 2));
        rate = in.getInt(start + 4);
        bits = Short.toUnsignedInt(in.getShort(start + 14));
        if (format == 0xFFFE && len >= 26) {
          format = Short.toUnsignedInt(in.getShort(start + 24)); // the sub-format's tag
        }
      } else if (id.equals("data")) {
        if (format < 0) {
          throw new IllegalArgumentException("WAV data before its fmt chunk");
        }
        if (channels < 1 || rate < 1) {
          throw new IllegalArgumentException("WAV without channels or sample rate");
        }
        float[] samples =
            switch (format * 100 + bits) {
              case 108 -> pcm8(bytes, start, len);
              case 116 -> pcm16(bytes, start, len);
              case 124 -> pcm24(bytes, start, len);
              case 132 -> pcm32(bytes, start, len);
              case 332 -> float32(bytes, start, len);
              default ->
                  throw new IllegalArgumentException(
                      "unsupported WAV encoding: format " + format + ", " + bits + " bits");
            };
        return new Decoded(samples, rate, channels);
      }
      in.position(start + len + (len & 1));
    }
    throw new IllegalArgumentException("WAV file without a data chunk");
  }

  private static float[] pcm8(byte[] b, int off, int len) {
    float[] out = new float[len];
    for (int i = 0; i < len; i++) {
      out[i] = ((b[off + i] & 0xFF) - 128) / 128f;
    }
    return out;
  }

  static float[] pcm16(byte[] b, int off, int len) {
    float[] out = new float[len / 2];
    for (int i = 0; i < out.length; i++) {
      int at = off + 2 * i;
      out[i] = (short) ((b[at] & 0xFF) | (b[at + 1] << 8)) / 32768f;
    }
    return out;
  }

  private static float[] pcm24(byte[] b, int off, int len) {
    float[] out = new float[len / 3];
    for (int i = 0; i < out.length; i++) {
      int at = off + 3 * i;
      int v = (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] << 16);
      out[i] = v / 8388608f;
    }
    return out;
  }

  private static float[] pcm32(byte[] b, int off, int len) {
    ByteBuffer in = ByteBuffer.wrap(b, off, len).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[len / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.getInt() / 2147483648f;
    }
    return out;
  }

  private static float[] float32(byte[] b, int off, int len) {
    ByteBuffer in = ByteBuffer.wrap(b, off, len).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[len / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.getFloat();
    }
    return out;
  }

  static Decoded remix(Decoded in, int channels) {
    if (in.channels() == channels) {
      return in;
    }
    int frames = in.samples().length / in.channels();
    float[] out = new float[frames * channels];
    for (int f = 0; f < frames; f++) {
      int base = f * in.channels();
      if (channels == 1) {
        float sum = 0;
        for (int c = 0; c < in.channels(); c++) {
          sum += in.samples()[base + c];
        }
        out[f] = sum / in.channels();
      } else {
        for (int c = 0; c < channels; c++) {
          out[f * channels + c] = in.samples()[base + c % in.channels()];
        }
      }
    }
    return new Decoded(out, in.sampleRateHz(), channels);
  }

  static Decoded resample(Decoded in, int sampleRateHz) {
    if (in.sampleRateHz() == sampleRateHz) {
      return in;
    }
    int ch = in.channels();
    int frames = in.samples().length / ch;
    int outFrames = (int) ((long) frames * sampleRateHz / in.sampleRateHz());
    float[] out = new float[outFrames * ch];
    double step = (double) in.sampleRateHz() / sampleRateHz;
    for (int f = 0; f < outFrames; f++) {
      double pos = f * step;
      int i = (int) pos;
      double frac = pos - i;
      int j = Math.min(i + 1, frames - 1);
      for (int c = 0; c < ch; c++) {
        float a = in.samples()[i * ch + c];
        float b = in.samples()[j * ch + c];
        out[f * ch + c] = (float) (a + (b - a) * frac);
      }
    }
    return new Decoded(out, sampleRateHz, ch);
  }

  static byte[] encode(Decoded in) {
    float[] s = in.samples();
    byte[] out = new byte[s.length * 2];
    for (int i = 0; i < s.length; i++) {
      // The inverse of the PCM16 decoding, so unconverted PCM16 comes out bit for bit.
      int v = Math.max(-32768, Math.min(32767, Math.round(s[i] * 32768f)));
      out[2 * i] = (byte) v;
      out[2 * i + 1] = (byte) (v >> 8);
    }
    return out;
  }
}
