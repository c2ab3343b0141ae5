// Opaque slot ids for the video API: the slot's row id encrypted with a key derived from the
// instance secret (one AES block, a keyed permutation). Ids are not sequential, cannot be
// enumerated, and decode without a lookup table; anything else decodes to undefined.
import { createHash } from 'node:crypto';
import { AesBlock } from '../shared/aes-block.js';

const MAGIC = Buffer.from('cs-vslot', 'ascii');
const ciphers = new Map<string, AesBlock>();

function cipher(secret: string): AesBlock {
  let c = ciphers.get(secret);
  if (!c) {
    c = new AesBlock(createHash('sha256').update(`careslot-video-slot-ids:${secret}`).digest().subarray(0, 16));
    ciphers.set(secret, c);
  }
  return c;
}

export function encodeSlotId(secret: string, id: number): string {
  const block = Buffer.alloc(16);
  MAGIC.copy(block, 0);
  block.writeBigUInt64BE(BigInt(id), 8);
  return `sl_${cipher(secret).encrypt(block).toString('base64url')}`;
}

export function decodeSlotId(secret: string, slotId: string): number | undefined {
  const m = /^sl_([A-Za-z0-9_-]{22})$/.exec(slotId);
  if (!m) return undefined;
  const raw = Buffer.from(m[1], 'base64url');
  if (raw.length !== 16) return undefined;
  const block = cipher(secret).decrypt(raw);
  if (!block.subarray(0, 8).equals(MAGIC)) return undefined;
  const id = block.readBigUInt64BE(8);
  return id > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(id);
}
