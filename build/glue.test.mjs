// Unit tests for build/glue.mjs (run by scripts/test with `node --test`): the rewritten
// getStringFromWasm0 must give exactly the string TextDecoder gives, for every length
// around its 32-byte limit and with multi-byte UTF-8 anywhere in the string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { after, before, patch } from './glue.mjs';

const memory = new Uint8Array(4096);
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const decodeText = (bytes) => decoder.decode(bytes);
const getStringFromWasm0 = new Function('getUint8ArrayMemory0', 'decodeText', `${after}\nreturn getStringFromWasm0;`)(() => memory, decodeText);

/** Writes `s` at `ptr` the way Rust would, and reads it back through the rewritten glue. */
function roundTrip(s, ptr = 100) {
  const bytes = new TextEncoder().encode(s);
  memory.fill(0x41); // what lies around a string must not leak into it
  memory.set(bytes, ptr);
  return getStringFromWasm0(ptr, bytes.length);
}

test('ASCII strings of every length up to past the limit come back unchanged', () => {
  const text = 'Increase quantity of Seat pack 499, cw-step cw-item-total';
  for (let len = 0; len <= text.length; len++) assert.equal(roundTrip(text.slice(0, len)), text.slice(0, len));
  // and a short string after a longer one (nothing of the longer one is left over)
  for (let len = text.length; len >= 0; len--) assert.equal(roundTrip(text.slice(0, len)), text.slice(0, len));
});

test('multi-byte characters anywhere in a short or long string come back unchanged', () => {
  for (const ch of ['é', '€', '−', '\u00a0', '✓', '😀']) {
    for (const s of [ch, `${ch}x`, `Menge ${ch}`, `12,00 ${ch}`, `${'a'.repeat(31)}${ch}`, `${'a'.repeat(40)}${ch}b`]) {
      assert.equal(roundTrip(s), s);
    }
  }
});

test('a pointer past 2^31 (handed over as a negative i32) is read from the right place', () => {
  // Rust passes pointers as i32; the glue's `ptr >>> 0` makes them unsigned again.
  const big = new Uint8Array(16);
  big.set(new TextEncoder().encode('price'), 3);
  const read = new Function('getUint8ArrayMemory0', 'decodeText', `${after}\nreturn getStringFromWasm0;`)(
    () => new Proxy(big, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) ? t[Number(k) - 2 ** 31] : Reflect.get(t, k)) }),
    decodeText,
  );
  assert.equal(read(3 + 2 ** 31 - 2 ** 32, 5), 'price');
});

test('patch refuses glue without the expected function, and replaces it once', () => {
  assert.throws(() => patch('function other() {}'), /expected wasm-bindgen's getStringFromWasm0 once, found it 0 times/);
  assert.throws(() => patch(before + before), /found it 2 times/);
  const patched = patch(`a;\n${before}\nb;`);
  assert.ok(patched.includes(after) && !patched.includes(before));
});
