// The QR code's text: the signed credential (a compact JWS) packed small enough to scan, as
// DIVOC zipped its certificates and the EU's digital COVID certificate packed its own ("HC1:"
// + base45 of zlib). Here: "CS1:" + base45(deflate(header JSON ‖ payload JSON ‖ signature)),
// with the header's length in front. Base45 uses only the QR code's alphanumeric characters, so
// the QR is drawn in alphanumeric mode (5.5 bits a character). Unpacking rebuilds the exact
// compact JWS (base64url is deterministic), so the signature is checked over the very bytes
// that were signed: packing adds no trust and loses nothing.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const QR_PREFIX = 'CS1:';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
const MAX_PACKED = 64 * 1024;

/** RFC 9285 base45. */
export function base45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i] * 256 + bytes[i + 1];
    for (let k = 0; k < 3; k++, n = Math.floor(n / 45)) out += ALPHABET[n % 45];
  }
  if (bytes.length % 2) {
    const n = bytes[bytes.length - 1];
    out += ALPHABET[n % 45] + ALPHABET[Math.floor(n / 45)];
  }
  return out;
}

export function unbase45(text: string): Buffer | undefined {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const chunk = [...text.slice(i, i + 3)].map((c) => VALUE.get(c));
    if (chunk.some((v) => v === undefined) || chunk.length === 1) return undefined;
    const [a, b, c] = chunk as number[];
    const n = a + b * 45 + (chunk.length === 3 ? c * 2025 : 0);
    if (chunk.length === 3) {
      if (n > 0xffff) return undefined;
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) return undefined;
      out.push(n);
    }
  }
  return Buffer.from(out);
}

/** Pack a compact JWS for a QR code. */
export function packJws(jws: string): string {
  const [h, p, s] = jws.split('.');
  const header = Buffer.from(h, 'base64url');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(header.length);
  const raw = Buffer.concat([len, header, Buffer.from(s, 'base64url'), Buffer.from(p, 'base64url')]);
  return QR_PREFIX + base45(deflateRawSync(raw, { level: 9 }));
}

/** The compact JWS inside a QR's text ("CS1:…"), a bare JWS as it is, or undefined. */
export function unpackJws(text: string): string | undefined {
  const t = text.trim();
  if (!t.startsWith(QR_PREFIX)) return t;
  const packed = unbase45(t.slice(QR_PREFIX.length));
  if (!packed || packed.length > MAX_PACKED) return undefined;
  let raw: Buffer;
  try {
    raw = inflateRawSync(packed, { maxOutputLength: MAX_PACKED });
  } catch {
    return undefined;
  }
  if (raw.length < 2) return undefined;
  const hl = raw.readUInt16BE(0);
  if (raw.length < 2 + hl + 64) return undefined;
  const header = raw.subarray(2, 2 + hl);
  const signature = raw.subarray(2 + hl, 2 + hl + 64);
  const payload = raw.subarray(2 + hl + 64);
  return [header, payload, signature].map((b) => b.toString('base64url')).join('.');
}
