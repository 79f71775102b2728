// Unit checks of the console's SSF v1 codec (node --test; run by build-console.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerProtocol, decodeFrame, encodeFrame, TYPE_DATA } from '../src/ssf.js';

// SsfFrame.build(1, 2, 7, "{}", "hi") on the Java side, byte for byte.
const JAVA_FRAME = Uint8Array.from([
  0x53, 0x50, 0x53, 0x54, 1, 0, 32, 0, 2, 0, 0, 0, 1, 0, 0, 0,
  7, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0,
  0x7b, 0x7d, 0x68, 0x69]);

test('a text frame is encoded as the Java side builds it', () => {
  assert.deepEqual(encodeFrame({ streamId: 1, msgType: TYPE_DATA, seq: 7, meta: '{}', data: 'hi' }), JAVA_FRAME);
});

test('a frame decodes to its header, meta and UTF-8 text', () => {
  const frame = decodeFrame(encodeFrame({ streamId: 3, seq: 2 ** 40, meta: '{"a":1}', data: 'héllo ✓' }));
  assert.equal(frame.streamId, 3);
  assert.equal(frame.msgType, TYPE_DATA);
  assert.equal(frame.seq, 2 ** 40);
  assert.equal(frame.meta, '{"a":1}');
  assert.equal(frame.text, 'héllo ✓');
});

test('a frame decodes from an ArrayBuffer, as a WebSocket hands it over', () => {
  assert.equal(decodeFrame(JAVA_FRAME.slice().buffer).text, 'hi');
});

test('malformed frames are refused with a reason', () => {
  assert.throws(() => decodeFrame(new Uint8Array(10)), /no SPST header/);
  const badVersion = JAVA_FRAME.slice();
  badVersion[4] = 2;
  assert.throws(() => decodeFrame(badVersion), /unsupported/);
  assert.throws(() => decodeFrame(JAVA_FRAME.slice(0, JAVA_FRAME.length - 1)), /do not add up/);
});

test('a bearer token becomes a valid subprotocol name, base64url without padding', () => {
  assert.equal(bearerProtocol('a+b/c?'), 'spear.bearer.YStiL2M_');
  assert.match(bearerProtocol('any token: with spaces, = and ü'), /^spear\.bearer\.[A-Za-z0-9_-]+$/);
});
