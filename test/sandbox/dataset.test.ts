// The sandbox dataset: real geography with real CoWIN ids, centres with sessions, and the
// kids and video catalogues, as loaded into the test template by `npm test`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { addDays } from '../../src/core/shared/time.js';
import { toCount } from '../../src/store/dialect.js';
import { extendSandbox } from '../../src/sandbox/refresh.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('sandbox dataset', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => {
    await t.drop();
  });

  it('uses the real CoWIN state and district ids where the names match', async () => {
    const states = await t.store.db.selectFrom('states').selectAll().where('id', '<=', 37).orderBy('id').execute();
    assert.equal(states.length, 37);
    assert.equal(states.find((s) => s.id === 21)?.name, 'Maharashtra');
    assert.equal(states.find((s) => s.id === 32)?.name, 'Telangana');
    const district = (id: number) =>
      t.store.db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
    assert.deepEqual(await district(376), { id: 376, state_id: 21, name: 'Satara' });
    assert.deepEqual(
      await district(581),
      { id: 581, state_id: 32, name: 'Hyderabad' },
      'post-office data predating Telangana is mapped to it',
    );
    assert.deepEqual(await district(141), { id: 141, state_id: 9, name: 'Central Delhi' });
  });

  it('has pincodes with coordinates, blocks and localities', async () => {
    const pin = await t.store.db
      .selectFrom('pincodes')
      .selectAll()
      .where('pincode', '=', 110003)
      .executeTakeFirstOrThrow();
    assert.ok(
      Math.abs(Number(pin.lat) - 28.59) < 0.1 && Math.abs(Number(pin.lng) - 77.23) < 0.1,
      'New Delhi 110003 is where it should be',
    );
    const localities = await t.store.db.selectFrom('localities').select('name').where('pincode', '=', 110003).execute();
    assert.ok(
      localities.some((l) => l.name === 'Pandara Road'),
      'post-office suffixes are stripped from locality names',
    );
    const counts = await t.store.db
      .selectNoFrom((eb) => [
        eb.selectFrom('pincodes').select(eb.fn.countAll().as('n')).as('pincodes'),
        eb.selectFrom('localities').select(eb.fn.countAll().as('n')).as('localities'),
        eb.selectFrom('blocks').select(eb.fn.countAll().as('n')).as('blocks'),
      ])
      .executeTakeFirstOrThrow();
    assert.equal(toCount(counts.pincodes), 19_097);
    assert.equal(toCount(counts.localities), 154_823);
    assert.ok(toCount(counts.blocks) > 10_000);
  });

  it('gives every vaccination centre 14 days of four sessions on a real pincode', async () => {
    const centre = await t.store.db
      .selectFrom('places')
      .selectAll()
      .where('kind', '=', 'vaccination_centre')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    assert.ok(centre.pincode && centre.district_id && centre.state_id && centre.block_id);
    const pin = await t.store.db
      .selectFrom('pincodes')
      .select('district_id')
      .where('pincode', '=', centre.pincode!)
      .executeTakeFirstOrThrow();
    assert.equal(pin.district_id, centre.district_id);
    const slots = await t.store.db
      .selectFrom('slots')
      .select(['label', 'capacity', 'booked'])
      .where('place_id', '=', centre.id)
      .execute();
    assert.equal(slots.length, 14 * 4);
    assert.deepEqual([...new Set(slots.map((s) => s.label))].sort(), [
      'Afternoon',
      'Evening',
      'Late Morning',
      'Morning',
    ]);
    assert.ok(slots.every((s) => s.capacity > 0 && s.booked === 0));
  });

  it('has a Saudi kids catalogue with clinics and home-visit teams in Riyadh and Jeddah', async () => {
    const services = await t.store.db.selectFrom('offerings').selectAll().where('kind', '=', 'kids_service').execute();
    assert.ok(services.length >= 6);
    for (const s of services) {
      assert.equal(s.currency, 'SAR');
      assert.ok(s.price_minor! > 0 && s.min_age_months! < s.max_age_months!);
      assert.ok(Array.isArray(JSON.parse(s.details).inclusions));
    }
    const providers = await t.store.db
      .selectFrom('places')
      .select(['kind', 'lat', 'lng', 'timezone'])
      .where('kind', 'in', ['clinic', 'home_visit'])
      .execute();
    assert.ok(providers.some((p) => p.kind === 'home_visit') && providers.some((p) => p.kind === 'clinic'));
    const near = (lat: number, lng: number) =>
      providers.filter((p) => Math.abs(Number(p.lat) - lat) < 0.5 && Math.abs(Number(p.lng) - lng) < 0.5).length;
    assert.ok(near(24.71, 46.67) > 0, 'Riyadh');
    assert.ok(near(21.49, 39.19) > 0, 'Jeddah');
    assert.ok(providers.every((p) => p.timezone === 'Asia/Riyadh'));
  });

  it('has specialities and doctors with one-patient slots', async () => {
    const doctors = await t.store.db
      .selectFrom('practitioners')
      .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
      .select(['practitioners.id', 'offerings.kind'])
      .execute();
    assert.ok(doctors.length >= 10);
    assert.ok(doctors.every((d) => d.kind === 'speciality'));
    const slots = await t.store.db
      .selectFrom('slots')
      .select(sql<number>`max(capacity)`.as('max'))
      .where('practitioner_id', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.equal(Number(slots.max), 1);
  });

  it('extends an old sandbox so its centres and providers always reach 14 days ahead', async () => {
    // The day the sandbox was seeded for (its first session's), not the wall clock's: the suite
    // may have seeded it before a midnight this test runs after.
    const first = await t.store.db
      .selectFrom('slots')
      .innerJoin('places', 'places.id', 'slots.place_id')
      .select(sql<string>`min(slots.start_at)`.as('at'))
      .where('places.code', 'like', 'cvc-%')
      .executeTakeFirstOrThrow();
    const seededFor = String(first.at).slice(0, 10);
    assert.equal(await extendSandbox(t.store, seededFor), 0, 'a fresh sandbox needs nothing');
    const inFiveDays = addDays(seededFor, 5);
    const centres = toCount(
      (
        await t.store.db
          .selectFrom('places')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('code', 'like', 'cvc-%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const providers = toCount(
      (
        await t.store.db
          .selectFrom('places')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('code', 'like', 'kvp-%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const added = await extendSandbox(t.store, inFiveDays);
    assert.equal(added, 5 * (centres * 4 + providers * 12));
    assert.equal(await extendSandbox(t.store, inFiveDays), 0, 'running it again adds nothing');
    const centre = await t.store.db
      .selectFrom('places')
      .select('id')
      .where('code', '=', 'cvc-1')
      .executeTakeFirstOrThrow();
    const perDay = await t.store.db
      .selectFrom('slots')
      .select(['start_at', 'label'])
      .where('place_id', '=', centre.id)
      .orderBy('start_at', 'desc')
      .limit(4)
      .execute();
    assert.deepEqual(perDay.map((s) => s.label).sort(), ['Afternoon', 'Evening', 'Late Morning', 'Morning']);
  });
});
