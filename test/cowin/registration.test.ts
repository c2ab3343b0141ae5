// B1–B4 and B8: registering, updating, reading, deleting and listing beneficiaries, with every
// validation rule, the 4-per-mobile limit, duplicate photo IDs, locations and masking.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { book } from '../../src/core/scheduling/bookings.js';
import { linkedBeneficiaries, maskTail } from '../../src/core/cowin/beneficiaries/index.js';
import { verhoeffDigit } from '../../src/core/cowin/photo-id.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { placeWithSlots } from '../helpers/fixtures.js';
import { aadhaar, Client, expectError, mobile, person } from './helpers.js';

const ADD = '/api/v1/registration/beneficiary/add';
const UPDATE = '/api/v1/registration/beneficiary/update';
const DELETE = '/api/v1/registration/beneficiary/delete';
const GET = (ref: unknown) => `/api/v1/registration/beneficiary?beneficiary_reference_id=${ref}`;
const LINKED = '/api/v1/appointment/linkedBeneficiaries';

describe('beneficiary registration (B1–B4, B8)', () => {
  let t: TestApp;
  let c: Client;
  let guest: string;
  const shown: Array<string | number> = [];
  before(async () => {
    t = await testApp();
    c = new Client(t);
    guest = (await c.guest()).token;
  });
  after(async () => {
    c.assertNeverShown(shown);
    await t.close();
  });

  it('adds a beneficiary as the seed shows, returning a 14-digit reference id and a beneficiary token', async () => {
    const m = mobile();
    const id = aadhaar();
    shown.push(m, id);
    const res = await c.post(ADD, person({ mobile_number: Number(m), photo_id_number: Number(id) }), guest);
    assert.equal(res.statusCode, 200, res.body);
    const json = res.json();
    assert.deepEqual(Object.keys(json).sort(), ['beneficiary_reference_id', 'offline_mode', 'token']);
    assert.equal(json.offline_mode, 0);
    assert.match(String(json.beneficiary_reference_id), /^[1-9]\d{13}$/);
    // The token is a beneficiary token for that mobile: it lists the new beneficiary.
    const linked = await c.get(LINKED, json.token);
    assert.equal(linked.statusCode, 200);
    assert.deepEqual(linked.json(), {
      beneficiaries: [
        {
          beneficiary_reference_id: json.beneficiary_reference_id,
          name: 'Apparao',
          birth_year: 1980,
          gender: 'Male',
          mobile_number: maskTail(m),
          photo_id_type: 1,
          photo_id_number: maskTail(id),
          state_name: '',
          district_name: '',
          block_name: '',
          locality_name: '',
          pincode: '',
          address: '',
        },
      ],
    });
    assert.equal(maskTail(m), `*****${m.slice(-4)}`);
    // Stored as a core person too, with the same details.
    const row = await t.store.db
      .selectFrom('beneficiaries')
      .innerJoin('people', 'people.id', 'beneficiaries.person_id')
      .select(['people.name', 'people.mobile', 'people.birth_year', 'people.gender', 'beneficiaries.photo_id_number'])
      .where('beneficiaries.reference_id', '=', json.beneficiary_reference_id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Apparao', mobile: m, birth_year: 1980, gender: 'Male', photo_id_number: id });
  });

  it('reference ids are random, not sequential', async () => {
    const refs = [];
    for (let i = 0; i < 3; i++) refs.push((await c.add(guest)).ref);
    assert.equal(new Set(refs).size, 3);
    assert.ok(refs.every((r) => /^[1-9]\d{13}$/.test(String(r))));
    assert.ok(Math.abs(refs[1] - refs[0]) > 1000 || Math.abs(refs[2] - refs[1]) > 1000, 'not consecutive');
  });

  it("gets a beneficiary by query parameter or by the seed's JSON body on the GET, masked", async () => {
    const m = mobile();
    const id = 'ABCPE1234F';
    shown.push(m);
    const { ref } = await c.add(guest, {
      name: 'Rajesh Pawar',
      birth_year: 1995,
      mobile_number: m,
      photo_id_type: 6,
      photo_id_number: id,
    });
    const byQuery = await c.get(GET(ref), guest);
    assert.equal(byQuery.statusCode, 200, byQuery.body);
    const expected = {
      beneficiary_reference_id: ref,
      name: 'Rajesh Pawar',
      birth_year: 1995,
      gender: 'Male',
      mobile_number: maskTail(m),
      photo_id_type: 6,
      photo_id_number: '*****234F',
      state_name: '',
      district_name: '',
      block_name: '',
      locality_name: '',
      pincode: '',
      address: '',
    };
    assert.deepEqual(byQuery.json(), expected);
    assert.ok(!byQuery.body.includes(id));
    const byBody = await c.call({
      method: 'GET',
      url: '/api/v1/registration/beneficiary',
      token: guest,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ beneficiary_reference_id: ref }),
    });
    assert.equal(byBody.statusCode, 200, byBody.body);
    assert.deepEqual(byBody.json(), expected);
    expectError(await c.get('/api/v1/registration/beneficiary', guest), 400, 'BENDOC0046', /beneficiary_reference_id/);
    expectError(await c.get(GET('12345'), guest), 400, 'BENDOC0046');
    expectError(
      await c.call({
        method: 'GET',
        url: '/api/v1/registration/beneficiary',
        token: guest,
        headers: { 'content-type': 'application/json' },
        payload: '{oops',
      }),
      400,
      'BENDOC0046',
      /not JSON/,
    );
    expectError(await c.get(GET('99999999999999'), guest), 404, 'BENDOC0012');
  });

  it('stores a full location, filling in parents, and names it in responses', async () => {
    const loc = await t.store.db
      .selectFrom('localities')
      .innerJoin('pincodes', 'pincodes.pincode', 'localities.pincode')
      .innerJoin('districts', 'districts.id', 'pincodes.district_id')
      .innerJoin('states', 'states.id', 'districts.state_id')
      .innerJoin('blocks', 'blocks.id', 'pincodes.block_id')
      .select([
        'localities.id as locality_id',
        'localities.name as locality_name',
        'localities.pincode',
        'pincodes.block_id',
        'blocks.name as block_name',
        'districts.id as district_id',
        'districts.name as district_name',
        'states.id as state_id',
        'states.name as state_name',
      ])
      .where('localities.block_id', 'is not', null)
      .where((eb) => eb('localities.block_id', '=', eb.ref('pincodes.block_id')))
      .orderBy('localities.id')
      .executeTakeFirstOrThrow();
    const { ref } = await c.add(guest, { locality_id: loc.locality_id, address: ' 12,  Main Road ' });
    const res = await c.get(GET(ref), guest);
    assert.deepEqual(
      {
        state_name: res.json().state_name,
        district_name: res.json().district_name,
        block_name: res.json().block_name,
        locality_name: res.json().locality_name,
        pincode: res.json().pincode,
        address: res.json().address,
      },
      {
        state_name: loc.state_name,
        district_name: loc.district_name,
        block_name: loc.block_name,
        locality_name: loc.locality_name,
        pincode: loc.pincode,
        address: '12, Main Road',
      },
    );
    const row = await t.store.db
      .selectFrom('beneficiaries')
      .selectAll()
      .where('reference_id', '=', ref)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.state_id, row.district_id, row.block_id, row.pincode],
      [loc.state_id, loc.district_id, loc.block_id, loc.pincode],
    );

    // Ids that do not exist, or do not belong together, are refused with the field named.
    const other = await t.store.db
      .selectFrom('districts')
      .select(['id', 'state_id'])
      .where('state_id', '!=', loc.state_id)
      .executeTakeFirstOrThrow();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ state_id: 999 }, /state_id 999 does not exist/],
      [{ district_id: 999999 }, /district_id 999999 does not exist/],
      [{ block_id: 99999999 }, /block_id 99999999 does not exist/],
      [{ locality_id: 99999999 }, /locality_id 99999999 does not exist/],
      [{ pincode: 100000 }, /pincode 100000 is not a known pincode/],
      [{ pincode: 12 }, /6-digit/],
      [{ state_id: 'abc' }, /state_id must be a whole number/],
      [
        { district_id: other.id, state_id: loc.state_id },
        new RegExp(`district_id ${other.id} is not in state_id ${loc.state_id}`),
      ],
      [
        { pincode: loc.pincode, district_id: other.id },
        new RegExp(`pincode ${loc.pincode} is not in district_id ${other.id}`),
      ],
      [{ locality_id: loc.locality_id, pincode: 110001 === loc.pincode ? 400001 : 110001 }, /is not in pincode/],
      [{ block_id: loc.block_id, district_id: other.id }, /is not in district_id/],
    ];
    for (const [fields, message] of cases)
      expectError(await c.post(ADD, person(fields), guest), 400, 'BENLOC0001', message);
  });

  it('checks every field with the code and a message that says what to fix', async () => {
    const currentYear = new Date().getUTCFullYear();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'A'.repeat(101) }, 'BENDOC0030', /at most 100/],
      [{ name: 'R2-D2' }, 'IMPBEN0073', /letters/],
      [{ name: '  ' }, 'IMPBEN0073', /letters/],
      [{ birth_year: '80' }, 'BENDOC0035', /YYYY/],
      [{ birth_year: 'nineteen' }, 'BENDOC0035', /YYYY/],
      [{ birth_year: String(currentYear + 1) }, 'IMPBEN0078', /between/],
      [{ birth_year: currentYear - 121 }, 'IMPBEN0078', /between/],
      [{ gender: 'M' }, 'BENDOC0039', /Male/],
      [{ gender: 4 }, 'BENDOC0039', /Male/],
      [{ mobile_number: 5876543210 }, 'USRAUT0011', /10-digit/],
      [{ mobile_number: '98765' }, 'USRAUT0011', /10-digit/],
      [{ photo_id_type: 14 }, 'IMPBEN0080', /1 to 13/],
      [{ photo_id_type: 'one' }, 'IMPBEN0080', /1 to 13/],
      [{ photo_id_number: 999999999999999 }, 'APPOIN0059', /Aadhaar/],
      [{ photo_id_number: '234567890123' }, 'APPOIN0059', /Verhoeff/],
      [{ photo_id_type: 6, photo_id_number: 'ABCDE1234F' }, 'APPOIN0059', /fourth letter must be P/],
      [{ photo_id_type: 8, photo_id_number: 'Q1234567' }, 'APPOIN0059', /passport/],
      [{ photo_id_type: 12, photo_id_number: 'AB1234567' }, 'APPOIN0059', /voter ID/],
      [{ photo_id_type: 2, photo_id_number: 'MH14' }, 'APPOIN0059', /driving licence/],
      [{ consent: 'N' }, 'BENDOC0037', /consent must be "Y"/],
      [{ consent: '' }, 'BENDOC0037', /consent/],
    ];
    for (const [fields, code, message] of cases)
      expectError(await c.post(ADD, person(fields), guest), 400, code, message);
    // Missing fields and wrong JSON types are named by the schema check.
    const { name: _n, ...noName } = person();
    expectError(await c.post(ADD, noName, guest), 400, 'APPOIN0001', /name/);
    expectError(await c.post(ADD, person({ consent: undefined }), guest), 400, 'APPOIN0001', /consent/);
    expectError(await c.post(ADD, person({ mobile_number: { n: 1 } }), guest), 400, 'APPOIN0001', /mobile_number/);
    const bad = await c.call({
      method: 'POST',
      url: ADD,
      token: guest,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errorCode, 'APPOIN0001');
    // Nothing was written by any refused request.
    const n = await t.store.db
      .selectFrom('beneficiaries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('name', 'in', ['R2-D2', 'A'.repeat(101)])
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });

  it("accepts the seed's loose types and normal spellings", async () => {
    const m = mobile();
    const { ref, token } = await c.add(guest, {
      mobile_number: `+91 ${m.slice(0, 5)}-${m.slice(5)}`,
      birth_year: 1990,
      gender: 'female',
      photo_id_type: '8',
      photo_id_number: 'j 8369854',
    });
    const b = (await c.get(GET(String(ref)), guest)).json();
    assert.equal(b.gender, 'Female');
    assert.equal(b.photo_id_type, 8);
    assert.equal(b.photo_id_number, '*****9854');
    assert.equal(b.mobile_number, maskTail(m));
    assert.equal((await linkedBeneficiaries(t.store.db, m)).length, 1);
    assert.equal((await c.get(LINKED, token)).json().beneficiaries.length, 1);
    const others = await c.add(guest, { gender: 3, photo_id_type: 13, photo_id_number: 'ward 12/345' });
    assert.equal((await c.get(GET(others.ref), guest)).json().gender, 'Others');
  });

  it('allows at most 4 beneficiaries per mobile, counting only live ones', async () => {
    const m = mobile();
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push((await c.add(guest, { mobile_number: m })).ref);
    expectError(await c.post(ADD, person({ mobile_number: m }), guest), 409, 'BENDOC0038', /4 beneficiaries/);
    // Another guest account cannot go past the limit either.
    const other = (await c.guest('Other app')).token;
    expectError(await c.post(ADD, person({ mobile_number: m }), other), 409, 'BENDOC0038');
    // Moving a beneficiary onto the full mobile by update is refused too.
    const elsewhere = await c.add(guest);
    expectError(
      await c.post(UPDATE, { beneficiary_reference_id: elsewhere.ref, ...elsewhere.body, mobile_number: m }, guest),
      409,
      'BENDOC0038',
    );
    // After a delete there is room for one more.
    assert.equal((await c.post(DELETE, { beneficiary_reference_id: refs[1] }, guest)).statusCode, 200);
    await c.add(guest, { mobile_number: m });
    expectError(await c.post(ADD, person({ mobile_number: m }), guest), 409, 'BENDOC0038');
    assert.equal((await linkedBeneficiaries(t.store.db, m)).length, 4);
  });

  it('holds the 4-per-mobile limit when registrations race', async () => {
    const m = mobile();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => c.post(ADD, person({ mobile_number: m }), guest)),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 409, 409]);
    assert.equal((await linkedBeneficiaries(t.store.db, m)).length, 4);
  });

  it('refuses the same photo ID twice, also through update; a deleted one is free again', async () => {
    const id = aadhaar();
    const first = await c.add(guest, { photo_id_number: id });
    expectError(await c.post(ADD, person({ photo_id_number: id }), guest), 409, 'BENDOC0022', /photo ID/);
    // Spelled with separators, it is still the same number.
    expectError(
      await c.post(ADD, person({ photo_id_number: `${id.slice(0, 4)} ${id.slice(4, 8)} ${id.slice(8)}` }), guest),
      409,
      'BENDOC0022',
    );
    const second = await c.add(guest);
    expectError(
      await c.post(UPDATE, { beneficiary_reference_id: second.ref, ...second.body, photo_id_number: id }, guest),
      409,
      'BENDOC0022',
    );
    // The same number under another type is a different document.
    const asOther = await c.post(ADD, person({ photo_id_type: 13, photo_id_number: id }), guest);
    assert.equal(asOther.statusCode, 200, asOther.body);
    assert.equal((await c.post(DELETE, { beneficiary_reference_id: first.ref }, guest)).statusCode, 200);
    await c.add(guest, { photo_id_number: id });
  });

  it('updates every field, the core person too, and returns a token for the new mobile', async () => {
    const { ref, body } = await c.add(guest);
    const m = mobile();
    shown.push(m);
    const res = await c.post(
      UPDATE,
      {
        ...body,
        beneficiary_reference_id: ref,
        name: 'Apparao Rao',
        birth_year: '1981',
        gender: 'Others',
        mobile_number: m,
        photo_id_type: 12,
        photo_id_number: 'XYZ7654321',
        address: 'Near temple',
      },
      guest,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().beneficiary_reference_id, ref);
    assert.equal(res.json().offline_mode, 0);
    const linked = (await c.get(LINKED, res.json().token)).json().beneficiaries;
    assert.deepEqual(
      linked.map((b: { beneficiary_reference_id: number }) => b.beneficiary_reference_id),
      [ref],
    );
    assert.deepEqual(
      { ...linked[0], beneficiary_reference_id: 0 },
      {
        beneficiary_reference_id: 0,
        name: 'Apparao Rao',
        birth_year: 1981,
        gender: 'Others',
        mobile_number: maskTail(m),
        photo_id_type: 12,
        photo_id_number: '*****4321',
        state_name: '',
        district_name: '',
        block_name: '',
        locality_name: '',
        pincode: '',
        address: 'Near temple',
      },
    );
    const p = await t.store.db
      .selectFrom('people')
      .innerJoin('beneficiaries', 'beneficiaries.person_id', 'people.id')
      .select(['people.name', 'people.mobile', 'people.birth_year', 'people.gender'])
      .where('beneficiaries.reference_id', '=', ref)
      .executeTakeFirstOrThrow();
    assert.deepEqual(p, { name: 'Apparao Rao', mobile: m, birth_year: 1981, gender: 'Others' });
    // The old mobile no longer lists it.
    assert.equal((await linkedBeneficiaries(t.store.db, String(body.mobile_number))).length, 0);
    // Update validates like add, and needs a reference id.
    expectError(
      await c.post(UPDATE, { ...body, beneficiary_reference_id: ref, consent: 'N' }, guest),
      400,
      'BENDOC0037',
    );
    expectError(await c.post(UPDATE, { ...body, beneficiary_reference_id: 'abc' }, guest), 400, 'BENDOC0046');
    expectError(await c.post(UPDATE, { ...body, beneficiary_reference_id: 99999999999999 }, guest), 404, 'BENDOC0012');
  });

  it("deletes with the seed's text; a deleted beneficiary is gone everywhere", async () => {
    const { ref, token, body } = await c.add(guest);
    const res = await c.post(DELETE, { beneficiary_reference_id: ref }, guest);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'Deleted Succssesfully');
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    expectError(await c.get(GET(ref), guest), 404, 'BENDOC0012');
    expectError(await c.post(DELETE, { beneficiary_reference_id: ref }, guest), 404, 'BENDOC0012');
    expectError(await c.post(UPDATE, { ...body, beneficiary_reference_id: ref }, guest), 404, 'BENDOC0012');
    assert.deepEqual((await c.get(LINKED, token)).json(), { beneficiaries: [] });
    expectError(await c.post(DELETE, {}, guest), 400, 'APPOIN0001', /beneficiary_reference_id/);
  });

  it('refuses to delete a beneficiary with an active appointment', async () => {
    const { ref } = await c.add(guest);
    const row = await t.store.db
      .selectFrom('beneficiaries')
      .select('person_id')
      .where('reference_id', '=', ref)
      .executeTakeFirstOrThrow();
    const [slot] = await placeWithSlots(t.store, [5]);
    const { booking } = await book(t.store, {
      slotId: slot,
      personIds: [row.person_id],
      status: 'confirmed',
      channel: 'cowin',
    });
    expectError(
      await c.post(DELETE, { beneficiary_reference_id: ref }, guest),
      409,
      'BENDOC0040',
      /active appointment/,
    );
    assert.equal((await c.get(GET(ref), guest)).statusCode, 200);
    await t.store.db.updateTable('bookings').set({ status: 'cancelled' }).where('id', '=', booking.id).execute();
    await t.store.db.updateTable('slots').set({ booked: 0 }).where('id', '=', slot).execute();
    assert.equal((await c.post(DELETE, { beneficiary_reference_id: ref }, guest)).statusCode, 200);
  });

  it('registration endpoints need a guest token', async () => {
    for (const res of [
      await c.post(ADD, person()),
      await c.post(UPDATE, { beneficiary_reference_id: 12345678901234, ...person() }),
      await c.get(GET(12345678901234)),
      await c.post(DELETE, { beneficiary_reference_id: 12345678901234 }),
    ]) {
      expectError(res, 401, 'USRAUT0001', /Unauthenticated access!/);
    }
    const { token } = await c.add(guest);
    expectError(await c.post(ADD, person(), token), 401, 'USRAUT0002', /guest/);
    expectError(await c.get(LINKED, guest), 401, 'USRAUT0002', /beneficiary/);
    expectError(await c.get(LINKED), 401, 'USRAUT0001');
    expectError(await c.get(LINKED, 'not.a.token'), 401, 'USRAUT0001');
  });

  it('valid Aadhaar examples used in the docs pass', () => {
    assert.equal(verhoeffDigit('23456789012'), '4');
  });
});
