// `iso` (store/dialect.ts) keeps the date part of the day it last wrote and works out the time of
// day itself: it must write exactly what `Date.prototype.toISOString` writes, for every instant,
// in any order (a new day, back to an old one), and refuse an invalid date as it does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iso } from '../../src/store/dialect.js';

const DAY = 86_400_000;

describe('iso', () => {
  it('writes what toISOString writes, around midnights, leap days and the ends of its range', () => {
    const edges = [
      0,
      1,
      DAY - 1,
      DAY,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(275760, 8, 13),
      -1,
      -DAY - 1,
      Date.UTC(-1, 0, 1),
      Date.UTC(999, 5, 6, 7, 8, 9, 10),
    ];
    for (const t of edges) assert.equal(iso(new Date(t)), new Date(t).toISOString(), String(t));
  });

  it('writes what toISOString writes for instants in any order', () => {
    // A fixed sequence (no randomness): instants spread over 400 years, then hopping between
    // two neighbouring days, so the kept day is both reused and replaced.
    let t = Date.UTC(1901, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      t = (t + 631_152_000_007 * 7919 + i * 3_600_001) % Date.UTC(2300, 0, 1);
      assert.equal(iso(new Date(t)), new Date(t).toISOString());
    }
    const base = Date.UTC(2026, 10, 30, 23, 0);
    for (let i = 0; i < 5_000; i++) {
      const at = base + ((i * 7_777_777) % (2 * 3_600_000));
      assert.equal(iso(new Date(at)), new Date(at).toISOString());
    }
  });

  it('refuses an invalid date as toISOString does', () => {
    assert.throws(() => iso(new Date(Number.NaN)), RangeError);
  });
});
