// Unit checks of how the console shows ids (node --test; run by build-console.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idTail } from '../src/ids.js';

test('UUIDv7 ids made in the same minute are told apart by their tail', () => {
  const a = '01a24d05-1c2e-7a10-9f3b-5e8c1a2b3c4d';
  const b = '01a24d05-1c31-7b22-8e4a-0d9f8e7c6b5a';
  assert.equal(a.slice(0, 8), b.slice(0, 8));
  assert.equal(idTail(a), '…1a2b3c4d');
  assert.equal(idTail(b), '…8e7c6b5a');
});

test('a short or missing id is shown whole', () => {
  assert.equal(idTail('e1'), 'e1');
  assert.equal(idTail(undefined), '');
});
