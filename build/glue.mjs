// Rewrites one function of wasm-bindgen's generated glue: how a string made in Rust
// becomes a JS string. Used by scripts/build-widget on the release build; fails the build
// if the glue does not have the function exactly as expected (wasm-bindgen is pinned in
// Cargo.toml, so a new version is a deliberate change that brings this here again).
//
// wasm-bindgen hands every string (tag and attribute names, classes, labels, amounts) to
// `TextDecoder.decode` on a fresh view of wasm memory. That call costs a fixed ~0.5 µs, far
// more than the work for a short string, and a long cart passes ~50 strings per row
// (25,000 for 500 rows). Short ASCII strings are now read byte by byte; anything longer
// than 32 bytes or with a byte above 0x7f still goes through `TextDecoder`, so the result
// is the same string. See BENCHMARKS.md for what it bought.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const before = `function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}`;
export const after = `const shortStringCodes = [];
function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    if (len <= 32) {
        const memory = getUint8ArrayMemory0();
        shortStringCodes.length = len;
        for (let i = 0; i < len; i++) {
            const byte = memory[ptr + i];
            if (byte > 0x7f) return decodeText(memory.subarray(ptr, ptr + len));
            shortStringCodes[i] = byte;
        }
        return String.fromCharCode.apply(null, shortStringCodes);
    }
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}`;

/** The glue with the function replaced; throws unless it is there exactly once. */
export function patch(glue) {
  const found = glue.split(before).length - 1;
  if (found !== 1) throw new Error(`expected wasm-bindgen's getStringFromWasm0 once, found it ${found} times (did wasm-bindgen change?)`);
  return glue.replace(before, after);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  try {
    writeFileSync(file, patch(readFileSync(file, 'utf8')));
  } catch (e) {
    console.error(`build/glue.mjs: ${file}: ${e.message}`);
    process.exit(1);
  }
}
