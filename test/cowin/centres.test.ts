// Centre searches (D1–D3) and time slots (D4): the seed samples' shapes and JSON types,
// both casings, empty lists for unknown ids and clear 400s for malformed ones.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { settableClock, testApp, type TestApp } from '../helpers/app.js';
import { createCentre } from './appointment-fixtures.js';
import { get, guestToken } from './api-helpers.js';

const FIELDS = [
  'center_id',
  'name',
  'center_incharge',
  'mobile',
  'district',
  'state',
  'location',
  'pin',
  'block',
  'vtc',
  'area',
  'timings',
  'vaccine_type',
  'daily_capacity',
  'centre_type',
  'expiry_date',
];

describe('CoWIN centres and time slots', () => {
  let t: TestApp;
  let token: string;
  let sample: { id: number; pincode: number; block_id: number; district_id: number };
  const clock = settableClock();
  before(async () => {
    t = await testApp({ now: clock.now });
    token = await guestToken(t.config);
    sample = (await t.store.db
      .selectFrom('places')
      .select(['id', 'pincode', 'block_id', 'district_id'])
      .where('kind', '=', 'vaccination_centre')
      .orderBy('id')
      .executeTakeFirstOrThrow()) as typeof sample;
  });
  after(async () => {
    await t.close();
  });

  it('needs a guest token', async () => {
    const res = await get(t.app, `/api/v1/appointment/centers/findByPin?pin=${sample.pincode}`);
    assert.deepEqual([res.status, res.body.errorCode], [401, 'USRAUT0001']);
  });

  it('finds centres by pin, block and district with every field a string, in both casings', async () => {
    const byPin = await get(t.app, `/api/v1/appointment/centers/findByPin?pin=${sample.pincode}`, token);
    assert.equal(byPin.status, 200);
    const c = byPin.body.centers.find((x: { center_id: string }) => x.center_id === String(sample.id));
    assert.ok(c, 'the centre on that pincode is listed');
    assert.deepEqual(Object.keys(c), FIELDS);
    for (const f of FIELDS) assert.equal(typeof c[f], 'string', `${f} is a string`);
    assert.equal(c.pin, String(sample.pincode));
    assert.match(c.timings, /^9AM-11AM, 11AM-1PM, 2PM-4PM, 4PM-6PM$/);
    assert.match(c.mobile, /^\*{5}\d{4}$/, "the in-charge's mobile is masked like every mobile number");
    assert.match(c.vaccine_type, /^(COVISHIELD|COVAXIN|SPUTNIK V|CORBEVAX|ZYCOV-D|COVOVAX)$/);
    assert.match(c.daily_capacity, /^\d+$/);
    assert.match(c.expiry_date, /^\d\d-\d\d-\d{4}$/);
    assert.ok(c.state.length > 0 && c.district.length > 0 && c.block.length > 0);
    for (const [url, list] of [
      [`/api/v1/appointment/centers/findbyBlock?block_id=${sample.block_id}`, 'block'],
      [`/api/v1/appointment/centers/findByBlock?block_id=${sample.block_id}`, 'block'],
      [`/api/v1/appointment/centers/findbyDistrict?district_id=${sample.district_id}`, 'district'],
      [`/api/v1/appointment/centers/findByDistrict?district_id=${sample.district_id}`, 'district'],
      [`/api/v1/appointment/centers/findbyPin?pin=${sample.pincode}`, 'pin'],
    ] as const) {
      const res = await get(t.app, url, token);
      assert.equal(res.status, 200, url);
      assert.deepEqual(
        res.body.centers.find((x: { center_id: string }) => x.center_id === String(sample.id)),
        c,
        `${url} (${list})`,
      );
    }
  });

  it('answers unknown ids with an empty list and malformed ones with a 400 naming the parameter', async () => {
    assert.deepEqual((await get(t.app, '/api/v1/appointment/centers/findByPin?pin=999999', token)).body, {
      centers: [],
    });
    assert.deepEqual((await get(t.app, '/api/v1/appointment/centers/findbyBlock?block_id=99999999', token)).body, {
      centers: [],
    });
    assert.deepEqual(
      (await get(t.app, '/api/v1/appointment/centers/findbyDistrict?district_id=99999999', token)).body,
      { centers: [] },
    );
    for (const [url, msg] of [
      ['/api/v1/appointment/centers/findByPin?pin=11003', /pin must be a 6-digit pincode/],
      ['/api/v1/appointment/centers/findByPin', /pin is required/],
      ['/api/v1/appointment/centers/findbyBlock?block_id=abc', /block_id must be a positive whole number/],
      ['/api/v1/appointment/centers/findbyDistrict?district_id=-4', /district_id must be a positive whole number/],
    ] as const) {
      const res = await get(t.app, url, token);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.errorCode, 'APPOIN0001');
      assert.match(res.body.error, msg);
    }
  });

  it("lists a centre's upcoming sessions between two dates with free seats as strings", async () => {
    const centre = await createCentre(t.store, [10, 20, 30]);
    const [a, , c] = centre.slots;
    const res = await get(
      t.app,
      `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${a.date}&to=${c.date}`,
      token,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.center_id, String(centre.id));
    assert.equal(res.body.timeslots.length, 3);
    assert.deepEqual(Object.keys(res.body.timeslots[0]), [
      'date',
      'slot_id',
      'slot_name',
      'timings',
      'available_capacity',
    ]);
    assert.deepEqual(
      res.body.timeslots.map((s: { available_capacity: string }) => s.available_capacity),
      ['10', '20', '30'],
    );
    assert.deepEqual(
      res.body.timeslots.map((s: { slot_id: string }) => s.slot_id),
      centre.slots.map((s) => String(s.id)),
    );
    assert.equal(res.body.timeslots[0].date, a.date);
    const one = await get(
      t.app,
      `/api/v1/appointment/timeslots/findbyCenter?center_id=${centre.id}&from=${a.date}&to=${a.date}`,
      token,
    );
    assert.equal(one.body.timeslots.length, 1);
    // Sessions that have started are not offered: one at 10:00 IST, asked at 09:59 and 10:30 IST
    // that day (by the app's clock, so the answer does not depend on the hour the test runs).
    const started = await createCentre(t.store, [10], 1, { startAt: new Date('2031-03-03T04:30:00Z') });
    const onItsDay = `/api/v1/appointment/timeslots/findByCenter?center_id=${started.id}&from=03-03-2031&to=03-03-2031`;
    const before = await clock.at(new Date('2031-03-03T04:29:00Z'), () => get(t.app, onItsDay, token));
    assert.deepEqual(
      before.body.timeslots.map((s: { slot_id: string }) => s.slot_id),
      [String(started.slots[0].id)],
    );
    const none = await clock.at(new Date('2031-03-03T05:00:00Z'), () => get(t.app, onItsDay, token));
    assert.deepEqual(none.body, { center_id: String(started.id), timeslots: [] });
    assert.deepEqual(
      (
        await get(
          t.app,
          `/api/v1/appointment/timeslots/findByCenter?center_id=99999999&from=${a.date}&to=${a.date}`,
          token,
        )
      ).body,
      { center_id: '99999999', timeslots: [] },
    );
  });

  it('explains malformed time-slot queries', async () => {
    for (const [q, msg] of [
      ['center_id=1&from=2021-03-01&to=07-03-2021', /from must be a real date as dd-mm-yyyy/],
      ['center_id=1&from=01-03-2021&to=31-02-2021', /to must be a real date/],
      ['center_id=1&from=01-03-2021&to=31-01-2021', /to \(31-01-2021\) must not be before from \(01-03-2021\)/],
      ['center_id=1&from=01-03-2021&to=01-05-2021', /at most 31 days/],
      ['from=01-03-2021&to=02-03-2021', /center_id is required/],
      ['center_id=1&to=02-03-2021', /from is required/],
    ] as const) {
      const res = await get(t.app, `/api/v1/appointment/timeslots/findByCenter?${q}`, token);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.errorCode, 'APPOIN0001');
      assert.match(res.body.error, msg);
    }
  });
});
