// The beneficiary field checks of the core, one rule at a time, and the DB counters behind
// rate limits and lockouts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  maskTail,
  normalizeAddress,
  normalizeBirthYear,
  normalizeGender,
  normalizeName,
  normalizeReferenceId,
  parseMobile,
} from '../../src/core/cowin/beneficiaries/index.js';
import { hit, peek, reset, sweepCounters } from '../../src/core/cowin/counters.js';
import { testDb, type TestDb } from '../helpers/db.js';

const rule = (fn: () => unknown, expected: string) =>
  assert.throws(fn, (err: { rule: string }) => err.rule === expected);

describe('beneficiary field checks', () => {
  it('mobile numbers: 10 digits from 6–9, common prefixes and separators removed', () => {
    assert.equal(parseMobile(9876543210), '9876543210');
    assert.equal(parseMobile('+91 98765-43210'), '9876543210');
    assert.equal(parseMobile('919876543210'), '9876543210');
    assert.equal(parseMobile('09876543210'), '9876543210');
    for (const bad of ['5876543210', '987654321', '98765432101', 'abcdefghij', null, undefined, {}, 9.87654321e9 + 0.5])
      assert.equal(parseMobile(bad), null, String(bad));
  });

  it('names: letters of any script, spaces collapsed, at most 100 characters', () => {
    assert.equal(normalizeName('  Rajesh   Pawar '), 'Rajesh Pawar');
    assert.equal(normalizeName("D'Souza-Nair Jr."), "D'Souza-Nair Jr.");
    assert.equal(normalizeName('राजेश पवार'), 'राजेश पवार');
    rule(() => normalizeName('A'), 'name_invalid');
    rule(() => normalizeName('Apparao11'), 'name_invalid');
    rule(() => normalizeName('.Ravi'), 'name_invalid');
    rule(() => normalizeName('x'.repeat(101)), 'name_too_long');
  });

  it('birth years: YYYY, not in the future, at most 120 years ago', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    assert.equal(normalizeBirthYear('1980', now), 1980);
    assert.equal(normalizeBirthYear(2026, now), 2026);
    assert.equal(normalizeBirthYear(1906, now), 1906);
    rule(() => normalizeBirthYear(1905, now), 'birth_year_invalid');
    rule(() => normalizeBirthYear(2027, now), 'birth_year_invalid');
    rule(() => normalizeBirthYear('80', now), 'birth_year_format');
    rule(() => normalizeBirthYear('1980-01-01', now), 'birth_year_format');
  });

  it('genders by name (any case) or getGender id', () => {
    assert.deepEqual(['male', 'FEMALE', 'Others', 'other', 1, 2, 3, '3'].map(normalizeGender), [
      'Male',
      'Female',
      'Others',
      'Others',
      'Male',
      'Female',
      'Others',
      'Others',
    ]);
    rule(() => normalizeGender('M'), 'gender_invalid');
    rule(() => normalizeGender(0), 'gender_invalid');
  });

  it('reference ids are exactly 14 digits', () => {
    assert.equal(normalizeReferenceId('21363381933156'), 21363381933156);
    assert.equal(normalizeReferenceId(21363381933156), 21363381933156);
    for (const bad of ['2136338193315', '02136338193315', 'abc', null, 1.5])
      rule(() => normalizeReferenceId(bad), 'reference_id_invalid');
  });

  it('addresses: the seed\'s "null" and blanks mean none', () => {
    assert.equal(normalizeAddress('null'), null);
    assert.equal(normalizeAddress('  '), null);
    assert.equal(normalizeAddress(' C/o  Pandurang Pawar '), 'C/o Pandurang Pawar');
    rule(() => normalizeAddress('x'.repeat(301)), 'location_invalid');
  });

  it('masking keeps five stars and the last four characters', () => {
    assert.equal(maskTail('8796561403'), '*****1403');
    assert.equal(maskTail(999999999999), '*****9999');
    assert.equal(maskTail('ABC'), '*****');
    assert.equal(maskTail(null), '');
  });
});

describe('database counters', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await t.drop();
  });

  it('count hits in a window that starts at the first hit and resets after it ends', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    assert.equal((await hit(t.store.db, 'k', 60, t0)).count, 1);
    assert.equal((await hit(t.store.db, 'k', 60, at(30))).count, 2);
    const third = await hit(t.store.db, 'k', 60, at(59));
    assert.deepEqual(third, { count: 3, expiresAt: at(60) });
    assert.equal((await peek(t.store.db, 'k', at(59))).count, 3);
    assert.equal((await peek(t.store.db, 'k', at(60))).count, 0);
    assert.deepEqual(await hit(t.store.db, 'k', 60, at(61)), { count: 1, expiresAt: at(121) });
    await reset(t.store.db, 'k');
    assert.equal((await peek(t.store.db, 'k', at(61))).count, 0);
  });

  it('concurrent hits are all counted', async () => {
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, () => hit(t.store.db, 'race', 60, now)));
    assert.deepEqual(
      results.map((r) => r.count).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('sweeps ended windows', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    await hit(t.store.db, 'old', 1, new Date('2029-01-01T00:00:00Z'));
    await hit(t.store.db, 'live', 3600, now);
    await sweepCounters(t.store.db, now);
    const keys = (await t.store.db.selectFrom('rate_counters').select('key').execute()).map((r) => r.key);
    assert.ok(!keys.includes('old'));
    assert.ok(keys.includes('live'));
  });
});
