// Identifiers handed to callers: random, never sequential, so they reveal nothing and
// cannot be enumerated.
import { randomBytes, randomInt } from 'node:crypto';

/** A 14-digit random number (first digit non-zero), as CoWIN reference and confirmation numbers. */
export function referenceNumber(): number {
  // 10^13 .. 10^14-1; randomInt's range is limited to 2^48, so build it from two parts.
  const high = randomInt(1_000_000, 10_000_000); // 7 digits, leading digit non-zero
  const low = randomInt(0, 10_000_000); // 7 digits
  return high * 10_000_000 + low;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** An opaque id like `bk_7fq3x9…` with 80 bits of randomness. */
export function opaqueId(prefix: string, bytes = 10): string {
  const buf = randomBytes(bytes);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return `${prefix}_${out}`;
}
