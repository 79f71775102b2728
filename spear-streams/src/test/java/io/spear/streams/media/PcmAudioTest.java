package io.spear.streams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmAudioTest {

  @TempDir Path dir;

  /** A PCM16 WAV file of interleaved samples. */
  static byte[] wav(int rate, int channels, short... samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
    b.putInt(rate).putInt(rate * channels * 2).putShort((short) (channels * 2));
    b.putShort((short) 16);
    b.put("data".getBytes()).putInt(samples.length * 2);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  private static short[] shorts(byte[] pcm) {
    short[] out = new short[pcm.length / 2];
    ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }

  private MicDevice device(byte[] bytes) throws IOException {
    Path file = dir.resolve("mic.wav");
    Files.write(file, bytes);
    return MicDevice.ofFile(file);
  }

  @Test
  void pcm16WavAtTheRequestedFormatComesOutBitForBit() throws IOException {
    short[] samples = {0, 1, -1, 32767, -32768, 1234};
    byte[] pcm = PcmAudio.load(device(wav(24_000, 1, samples)), 24_000, 1);

    assertThat(shorts(pcm)).containsExactly(samples);
  }

  @Test
  void stereoIsAveragedToMonoAndTheRateDoubledByInterpolation() throws IOException {
    // frames (L,R): (100,300) (300,500) -> mono 200, 400 -> at twice the rate 200, 300, 400, 400
    byte[] pcm =
        PcmAudio.load(
            device(wav(8000, 2, (short) 100, (short) 300, (short) 300, (short) 500)), 16_000, 1);

    assertThat(shorts(pcm)).containsExactly((short) 200, (short) 300, (short) 400, (short) 400);
  }

  @Test
  void monoIsRepeatedOnEveryChannelAndTheRateHalved() throws IOException {
    byte[] pcm =
        PcmAudio.load(
            device(wav(16_000, 1, (short) 10, (short) 20, (short) 30, (short) 40)), 8000, 2);

    assertThat(shorts(pcm)).containsExactly((short) 10, (short) 10, (short) 30, (short) 30);
  }

  @Test
  void aRawFileIsReadWithTheDevicesRawFormat() throws IOException {
    Path file = dir.resolve("mic.pcm");
    Files.write(file, new byte[] {1, 0, 2, 0, 3, 0, 4, 0});
    MicDevice raw = new MicDevice(Optional.of(file), false, 8000, 2);

    assertThat(shorts(PcmAudio.load(raw, 8000, 1))).containsExactly((short) 2, (short) 4);
  }

  @Test
  void aWavWithoutDataOrWithAnUnknownEncodingIsRefused() throws IOException {
    byte[] noData = java.util.Arrays.copyOf(wav(8000, 1), 36);
    assertThatThrownBy(() -> PcmAudio.load(device(noData), 8000, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a data chunk");
    byte[] alaw = wav(8000, 1, (short) 1);
    alaw[20] = 6;
    assertThatThrownBy(() -> PcmAudio.load(device(alaw), 8000, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported WAV encoding");
  }
}
