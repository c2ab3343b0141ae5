// Identifiers handed to callers: random, never sequential, so they cannot be enumerated; an
// opaque id reveals nothing, a time-ordered one only when it was made.
import { randomFillSync, randomInt } from 'node:crypto';

/** A 14-digit random number (first digit non-zero), as CoWIN reference and confirmation numbers. */
export function referenceNumber(): number {
  // 10^13 .. 10^14-1; randomInt's range is limited to 2^48, so build it from two parts.
  const high = randomInt(1_000_000, 10_000_000); // 7 digits, leading digit non-zero
  const low = randomInt(0, 10_000_000); // 7 digits
  return high * 10_000_000 + low;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

// Random bytes are drawn from the CSPRNG 4 KB at a time and each handed out once, as Node
// does for randomUUID(): one randomFillSync per id cost a few microseconds, several times
// per booking (booking, payment and event codes).
const POOL = Buffer.alloc(4096);
let used = POOL.length;

/** `n` (≤ 4096) fresh random bytes, read at `at` in the returned pool until the next call. */
function takeRandom(n: number): number {
  if (n > POOL.length) throw new RangeError(`at most ${POOL.length} random bytes at once`);
  if (used + n > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  const at = used;
  used += n;
  return at;
}

/** An opaque id like `bk_7fq3x9…` with 80 bits of randomness. */
export function opaqueId(prefix: string, bytes = 10): string {
  return `${prefix}_${randomLetters(bytes)}`;
}

/** `bytes` fresh random bytes in base32 letters. */
function randomLetters(bytes: number): string {
  const at = takeRandom(bytes);
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = at; i < at + bytes; i++) {
    const byte = POOL[i];
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The milliseconds since 1970 in 10 base32 letters (50 bits), most significant first. */
function timeLetters(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/**
 * An opaque id like {@link opaqueId} (`bytes` random bytes after the prefix) that starts with
 * the time it was made: 10 letters of milliseconds since 1970, as a ULID does. For the codes
 * written with every partner booking (bookings, payments, events): ids made one after another
 * sort one after another, so the unique index on them takes each new one on its last page,
 * where a random one changed a page of its own, written to the log at its commit and copied
 * at the next checkpoint (docs/performance.md, twenty-second pass). Whoever holds the id can
 * read when it was made, to the millisecond; the random part is as unguessable as before.
 */
export function timeOrderedId(prefix: string, bytes = 10, ms = Date.now()): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 50) throw new RangeError(`time out of range: ${ms}`);
  return `${prefix}_${timeLetters(ms)}${randomLetters(bytes)}`;
}

/** `bytes` fresh random bytes as hex (from the same pool as {@link opaqueId}). */
export function randomHex(bytes: number): string {
  const at = takeRandom(bytes);
  return POOL.toString('hex', at, at + bytes);
}
