// SSF v1, SPEAR's stream frame, as the chat page sends and reads it: one frame per binary
// WebSocket message, a 32-byte little-endian header ("SPST", version 1, header length, message
// type, flags, stream id, sequence, meta length, data length), then meta and data.

export const HEADER_BYTES = 32;
export const TYPE_REQUEST = 1;
export const TYPE_DATA = 2;
export const TYPE_ERROR = 3;
export const TYPE_CANCEL = 4;

const MAGIC = [0x53, 0x50, 0x53, 0x54]; // "SPST"
const encoder = new TextEncoder();

function bytesOf(value) {
  if (value instanceof Uint8Array) {
    return value;
  }
  return encoder.encode(value ?? '');
}

/** A frame carrying {@code data} (text or bytes) with {@code meta} (text or bytes). */
export function encodeFrame({ streamId = 1, msgType = TYPE_DATA, seq = 1, flags = 0, meta = '', data = '' }) {
  const m = bytesOf(meta);
  const d = bytesOf(data);
  const frame = new Uint8Array(HEADER_BYTES + m.length + d.length);
  const view = new DataView(frame.buffer);
  frame.set(MAGIC, 0);
  view.setUint16(4, 1, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint16(8, msgType, true);
  view.setUint16(10, flags, true);
  view.setUint32(12, streamId, true);
  view.setBigUint64(16, BigInt(seq), true);
  view.setUint32(24, m.length, true);
  view.setUint32(28, d.length, true);
  frame.set(m, HEADER_BYTES);
  frame.set(d, HEADER_BYTES + m.length);
  return frame;
}

/** A frame's parts; throws when the bytes are not a well-formed SSF v1 frame. */
export function decodeFrame(buffer) {
  const frame = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (frame.length < HEADER_BYTES || MAGIC.some((b, i) => frame[i] !== b)) {
    throw new Error('not an SSF frame (no SPST header)');
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const version = view.getUint16(4, true);
  const headerLen = view.getUint16(6, true);
  if (version !== 1 || headerLen < HEADER_BYTES || frame.length < headerLen) {
    throw new Error(`unsupported SSF frame (version ${version}, header ${headerLen} bytes)`);
  }
  const metaLen = view.getUint32(24, true);
  const dataLen = view.getUint32(28, true);
  if (headerLen + metaLen + dataLen !== frame.length) {
    throw new Error('SSF frame lengths do not add up');
  }
  const decoder = new TextDecoder();
  const meta = frame.subarray(headerLen, headerLen + metaLen);
  const data = frame.subarray(headerLen + metaLen);
  return {
    msgType: view.getUint16(8, true),
    flags: view.getUint16(10, true),
    streamId: view.getUint32(12, true),
    seq: Number(view.getBigUint64(16, true)),
    meta: decoder.decode(meta),
    data,
    text: decoder.decode(data),
  };
}

/**
 * The WebSocket subprotocol entry that carries a bearer token: a browser cannot set an
 * Authorization header on a WebSocket, and a token must never go in a URL. The token is base64url
 * (no padding) so that it is a valid protocol name whatever its characters.
 */
export function bearerProtocol(token) {
  let binary = '';
  for (const b of encoder.encode(token)) {
    binary += String.fromCharCode(b);
  }
  return 'spear.bearer.' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
