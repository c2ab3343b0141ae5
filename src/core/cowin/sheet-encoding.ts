// A facility sheet must be UTF-8 text. Decoding anything else as UTF-8 silently turns each
// foreign byte (a Latin-1 "é") into U+FFFD, so the importer checks the bytes as they stream
// past and refuses the sheet at the first line that is not UTF-8.
import { isUtf8 } from 'node:buffer';

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Where a chunk's last, possibly incomplete, sequence starts (its length when complete). */
function completeUpTo(buf: Buffer): number {
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - 3); i--) {
    const b = buf[i];
    if (b < 0x80) return buf.length;
    if (b >= 0xc0) return i + sequenceLength(b) > buf.length ? i : buf.length;
  }
  return buf.length;
}

function countLines(buf: Buffer, end = buf.length): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Index of the first byte of `buf` that does not belong to a valid UTF-8 sequence. */
function firstInvalid(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf[i]);
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k >= buf.length || (buf[i + k] & 0xc0) !== 0x80) return i;
    if (n > 1 && !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return buf.length;
}

/** Feed chunks in order; `push` and `end` return the 1-based line of the first non-UTF-8 byte, or null. */
export class Utf8Lines {
  private carry = Buffer.alloc(0);
  private line = 1;

  push(chunk: Buffer): number | null {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const upTo = completeUpTo(buf);
    const whole = buf.subarray(0, upTo);
    if (!isUtf8(whole)) return this.line + countLines(whole, firstInvalid(whole));
    this.line += countLines(whole);
    this.carry = Buffer.from(buf.subarray(upTo));
    return null;
  }

  end(): number | null {
    return this.carry.length ? this.line : null;
  }
}
