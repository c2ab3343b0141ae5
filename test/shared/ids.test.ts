// Opaque ids and reference numbers (core/shared/ids.ts): random, well-formed, never repeated,
// also across refills of the pool of random bytes they are drawn from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opaqueId, randomHex, referenceNumber, timeOrderedId } from '../../src/core/shared/ids.js';

describe('opaque ids', () => {
  it('are the prefix and base32 text of the requested bytes', () => {
    assert.match(opaqueId('bk'), /^bk_[0-9a-hjkmnp-tv-z]{16}$/);
    assert.match(opaqueId('pay', 16), /^pay_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('never repeat, across many refills of the random pool', () => {
    const seen = new Set<string>();
    // 3,000 × 16 bytes is about twelve 4 KB pools.
    for (let i = 0; i < 3_000; i++) seen.add(opaqueId('x', 16));
    assert.equal(seen.size, 3_000);
  });

  it('use every bit: each of the 32 letters appears in every position', () => {
    const letters = Array.from({ length: 16 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) {
      const body = opaqueId('x').slice(2);
      for (let k = 0; k < 16; k++) letters[k].add(body[k]);
    }
    assert.ok(
      letters.every((l) => l.size === 32),
      letters.map((l) => l.size).join(','),
    );
  });

  it('refuses more random bytes than the pool holds', () => {
    assert.throws(() => opaqueId('x', 5_000), RangeError);
  });
});

describe('time-ordered ids (bookings, payments, events)', () => {
  const LETTERS = '0123456789abcdefghjkmnpqrstvwxyz';
  const timeOf = (id: string, prefix: string) =>
    [...id.slice(prefix.length + 1, prefix.length + 11)].reduce((ms, c) => ms * 32 + LETTERS.indexOf(c), 0);

  it('are the prefix, 10 letters of the time in milliseconds, then the random bytes', () => {
    const ms = Date.UTC(2026, 10, 24, 9, 30);
    const id = timeOrderedId('bk', 10, ms);
    assert.match(id, /^bk_[0-9a-hjkmnp-tv-z]{26}$/);
    assert.equal(timeOf(id, 'bk'), ms);
    assert.match(timeOrderedId('pay', 16, ms), /^pay_[0-9a-hjkmnp-tv-z]{36}$/);
    assert.equal(timeOf(timeOrderedId('x', 10, 0), 'x'), 0);
    assert.equal(timeOf(timeOrderedId('x', 10, 2 ** 50 - 1), 'x'), 2 ** 50 - 1);
  });

  it('sort in the order of their times, as text (SQLite compares bytes)', () => {
    const times = [
      0,
      1,
      31,
      32,
      1023,
      1024,
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 0, 1) + 1,
      Date.UTC(2099, 11, 31),
      2 ** 50 - 1,
    ];
    const ids = times.map((ms) => timeOrderedId('bk', 10, ms));
    assert.deepEqual([...ids].sort(), ids);
    assert.deepEqual(
      [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      ids,
    );
  });

  it('never repeat within one millisecond, and their random part uses every letter', () => {
    const ms = Date.UTC(2026, 10, 24);
    const ids = Array.from({ length: 3_000 }, () => timeOrderedId('x', 16, ms));
    assert.equal(new Set(ids).size, 3_000);
    const letters = Array.from({ length: 16 }, () => new Set<string>());
    for (const id of ids) for (let k = 0; k < 16; k++) letters[k].add(id[12 + k]);
    assert.ok(
      letters.every((l) => l.size === 32),
      letters.map((l) => l.size).join(','),
    );
  });

  it('refuse a time they cannot write in 10 letters', () => {
    assert.throws(() => timeOrderedId('x', 10, -1), RangeError);
    assert.throws(() => timeOrderedId('x', 10, 2 ** 50), RangeError);
    assert.throws(() => timeOrderedId('x', 10, 1.5), RangeError);
  });
});

describe('random hex (video room keys)', () => {
  it('is the requested bytes as hex, never repeated across refills, every digit in every place', () => {
    const seen = new Set<string>();
    const digits = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 3_000; i++) {
      const hex = randomHex(16);
      assert.match(hex, /^[0-9a-f]{32}$/);
      seen.add(hex);
      for (let k = 0; k < 32; k++) digits[k].add(hex[k]);
    }
    assert.equal(seen.size, 3_000);
    assert.ok(
      digits.every((d) => d.size === 16),
      digits.map((d) => d.size).join(','),
    );
  });
});

describe('reference numbers', () => {
  it('have 14 digits and do not repeat', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      const n = referenceNumber();
      assert.match(String(n), /^[1-9]\d{13}$/);
      seen.add(n);
    }
    assert.equal(seen.size, 1_000);
  });
});
