package io.spear.streams;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * SSF v1, SPEAR's stream frame: a 32-byte little-endian header ({@code SPST}, version 1, header
 * length, message type, flags, stream id, sequence, meta and data lengths) followed by meta and
 * data. One frame per WebSocket binary message.
 */
public final class SsfFrame {

  /** The smallest header. */
  public static final int HEADER_BYTES = 32;

  /** Message types the endpoint gateway uses; the host itself never interprets them. */
  public static final int TYPE_REQUEST = 1;

  /** A data or response frame. */
  public static final int TYPE_DATA = 2;

  /** An error frame, meta {@code {"error":{code,message,retryable}}}. */
  public static final int TYPE_ERROR = 3;

  /** Cancels a stream. */
  public static final int TYPE_CANCEL = 4;

  private static final byte[] MAGIC = {'S', 'P', 'S', 'T'};
  private static final int STREAM_ID_OFFSET = 12;

  private SsfFrame() {}

  /** The header of a valid frame. */
  public record Header(int streamId, int msgType, long seq) {}

  /** The header of {@code frame} when it is a well-formed SSF v1 frame. */
  public static Optional<Header> parse(byte[] frame) {
    if (frame.length < HEADER_BYTES || !Arrays.equals(frame, 0, 4, MAGIC, 0, 4)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    int version = Short.toUnsignedInt(b.getShort(4));
    int headerLen = Short.toUnsignedInt(b.getShort(6));
    if (version != 1 || headerLen < HEADER_BYTES || frame.length < headerLen) {
      return Optional.empty();
    }
    long metaLen = Integer.toUnsignedLong(b.getInt(24));
    long dataLen = Integer.toUnsignedLong(b.getInt(28));
    if (metaLen + dataLen != frame.length - headerLen) {
      return Optional.empty();
    }
    return Optional.of(
        new Header(b.getInt(STREAM_ID_OFFSET), Short.toUnsignedInt(b.getShort(8)), b.getLong(16)));
  }

  /** A copy of {@code frame} with another stream id. */
  public static byte[] withStreamId(byte[] frame, int streamId) {
    byte[] copy = frame.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(STREAM_ID_OFFSET, streamId);
    return copy;
  }

  /** A frame with a 32-byte header. */
  public static byte[] build(int streamId, int msgType, long seq, byte[] meta, byte[] data) {
    ByteBuffer b =
        ByteBuffer.allocate(HEADER_BYTES + meta.length + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC)
        .putShort((short) 1)
        .putShort((short) HEADER_BYTES)
        .putShort((short) msgType)
        .putShort((short) 0)
        .putInt(streamId)
        .putLong(seq)
        .putInt(meta.length)
        .putInt(data.length)
        .put(meta)
        .put(data);
    return b.array();
  }

  /** A frame with UTF-8 meta and data. */
  public static byte[] build(int streamId, int msgType, long seq, String meta, String data) {
    return build(
        streamId,
        msgType,
        seq,
        meta.getBytes(StandardCharsets.UTF_8),
        data.getBytes(StandardCharsets.UTF_8));
  }
}
