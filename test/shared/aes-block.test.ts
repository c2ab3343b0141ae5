// One AES-128 block at a time with a cipher and decipher made once (core/shared/aes-block.ts):
// the standard's answers, the same blocks as a cipher made per call, any order of calls, and a
// wrong length refused without disturbing the next block. Then the two kinds of ids built on it.
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { V2Ids } from '../../src/api/cowin-v2/ids.js';
import { AesBlock } from '../../src/core/shared/aes-block.js';
import { decodeSlotId, encodeSlotId } from '../../src/core/video/slot-ids.js';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('AesBlock', () => {
  it("gives FIPS-197's example cipher block (appendix C.1) and reads it back", () => {
    const aes = new AesBlock(hex('000102030405060708090a0b0c0d0e0f'));
    const out = aes.encrypt(hex('00112233445566778899aabbccddeeff'));
    assert.equal(out.toString('hex'), '69c4e0d86a7b0430d8cdb78070b4c55a');
    assert.equal(aes.decrypt(out).toString('hex'), '00112233445566778899aabbccddeeff');
  });

  it('gives each block what a cipher made for it alone gives, in any order of calls', () => {
    const key = randomBytes(16);
    const aes = new AesBlock(key);
    for (let i = 0; i < 200; i++) {
      const block = randomBytes(16);
      const alone = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
      const expected = Buffer.concat([alone.update(block), alone.final()]);
      const got = aes.encrypt(block);
      assert.deepEqual(got, expected);
      // Decrypting now and then in between leaves the cipher's next block unaffected.
      if (i % 3 === 0) assert.deepEqual(aes.decrypt(got), block);
    }
  });

  it('refuses a key or block of another length, and the next block is still right', () => {
    assert.throws(() => new AesBlock(randomBytes(32)), /16 bytes, not 32/);
    const aes = new AesBlock(hex('000102030405060708090a0b0c0d0e0f'));
    assert.throws(() => aes.decrypt(Buffer.alloc(15)), /16 bytes, not 15/);
    assert.throws(() => aes.encrypt(Buffer.alloc(17)), /16 bytes, not 17/);
    assert.equal(
      aes.encrypt(hex('00112233445566778899aabbccddeeff')).toString('hex'),
      '69c4e0d86a7b0430d8cdb78070b4c55a',
    );
  });
});

describe('ids sealed in one block', () => {
  it('video slot ids read back, per secret, and nothing else decodes', () => {
    for (const id of [1, 42, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      const slotId = encodeSlotId('secret-a', id);
      assert.match(slotId, /^sl_[A-Za-z0-9_-]{22}$/);
      assert.equal(decodeSlotId('secret-a', slotId), id);
      assert.equal(decodeSlotId('secret-b', slotId), undefined, 'another secret reads nothing');
    }
    const one = encodeSlotId('secret-a', 7);
    const flipped = `${one.slice(0, -2)}${one.at(-2) === 'A' ? 'B' : 'A'}${one.at(-1)}`;
    assert.equal(decodeSlotId('secret-a', flipped), undefined);
    assert.equal(decodeSlotId('secret-a', 'sl_short'), undefined);
    // A refused id leaves the next one right.
    assert.equal(decodeSlotId('secret-a', one), 7);
  });

  it('v2 session and appointment ids read back, and a forged one does not', () => {
    const ids = new V2Ids('secret-a');
    const ref = { centreId: 123_456, offeringId: 7, date: '2026-12-14' };
    const session = ids.sessionId(ref);
    assert.match(session, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(ids.session(session), ref);
    assert.equal(ids.appointment(session), undefined, 'a session id is no appointment id');
    const appointment = ids.appointmentId('12345678901234');
    assert.equal(ids.appointment(appointment), 12_345_678_901_234);
    assert.equal(ids.session(appointment), undefined);
    assert.equal(new V2Ids('secret-b').session(session), undefined, 'another secret reads nothing');
    assert.equal(ids.session(`${session.slice(0, -1)}${session.endsWith('0') ? '1' : '0'}`), undefined);
  });
});
