// One AES-128 block encrypted or decrypted on its own (ECB over exactly one block): a keyed
// permutation of 16 bytes, for the opaque ids that decode without a lookup table (v2 session
// and appointment ids, video slot ids). Each block is independent of every other, so one
// cipher and one decipher per key are made once and reused. Making them for every id was a
// visible part of a video booking's profile (docs/performance.md, nineteenth pass).
import { type Cipher, type Decipher, createCipheriv, createDecipheriv } from 'node:crypto';

const AES_BLOCK_BYTES = 16;

export class AesBlock {
  private readonly cipher: Cipher;
  private readonly decipher: Decipher;

  /** `key`: 16 bytes. */
  constructor(key: Buffer) {
    if (key.length !== AES_BLOCK_BYTES) throw new RangeError(`an AES-128 key is 16 bytes, not ${key.length}`);
    // Without padding, each 16 bytes given to update() come back at once: nothing is held
    // back for a final(), which is never called.
    this.cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.decipher = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

  encrypt(block: Buffer): Buffer {
    return this.cipher.update(oneBlock(block));
  }

  decrypt(block: Buffer): Buffer {
    return this.decipher.update(oneBlock(block));
  }
}

/** Refused before it reaches the cipher: a partial block would stay in it and shift every later one. */
function oneBlock(block: Buffer): Buffer {
  if (block.length !== AES_BLOCK_BYTES) throw new RangeError(`an AES block is 16 bytes, not ${block.length}`);
  return block;
}
