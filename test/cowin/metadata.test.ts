// Metadata API (D5–D10): fixed lists and the sandbox geography, behind a guest token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { get, guestToken, operatorToken } from './api-helpers.js';

describe('CoWIN metadata API', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await testApp();
    token = await guestToken(t.config);
  });
  after(async () => {
    await t.close();
  });

  it('refuses calls without a guest token, or with an operator token', async () => {
    for (const url of [
      '/api/v1/admin/location/states',
      '/api/v1/registration/beneficiary/getGender',
      '/api/v1/admin/location/districts/21',
    ]) {
      const res = await get(t.app, url);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { errorCode: 'USRAUT0001', error: 'Unauthenticated access!' });
    }
    const wrongKind = await get(t.app, '/api/v1/admin/location/states', await operatorToken(t.config, 1, 'admin'));
    assert.equal(wrongKind.status, 401);
    assert.equal(wrongKind.body.errorCode, 'USRAUT0002');
  });

  it('lists photo ID types and genders as the seed shows them', async () => {
    const ids = await get(t.app, '/api/v1/registration/beneficiary/getBeneficiaryIdType', token);
    assert.equal(ids.status, 200);
    assert.equal(ids.body.length, 13);
    assert.deepEqual(ids.body[0], { type: 'Aadhaar Card', id: 1, doc_type: null });
    assert.deepEqual(ids.body[11], { type: 'Voter ID', id: 12, doc_type: 'VTRID' });
    assert.deepEqual((await get(t.app, '/api/v1/registration/beneficiary/getBeneficiaryIDType', token)).body, ids.body);
    const genders = await get(t.app, '/api/v1/registration/beneficiary/getGender', token);
    assert.deepEqual(genders.body, [
      { gender: 'Male', id: 1 },
      { gender: 'Female', id: 2 },
      { gender: 'Others', id: 3 },
    ]);
  });

  it('walks states → districts → blocks with real CoWIN ids', async () => {
    const states = await get(t.app, '/api/v1/admin/location/states', token);
    assert.equal(states.status, 200);
    const mh = states.body.find((s: { state_name: string }) => s.state_name === 'Maharashtra');
    assert.deepEqual(mh, { state_id: 21, state_name: 'Maharashtra' });
    const districts = await get(t.app, '/api/v1/admin/location/districts/21', token);
    const pune = districts.body.find((d: { district_name: string }) => d.district_name === 'Pune');
    assert.equal(pune.district_id, 363);
    assert.deepEqual(Object.keys(pune), ['district_id', 'district_name']);
    const blocks = await get(t.app, '/api/v1/admin/location/blocks/363', token);
    assert.ok(blocks.body.length > 0);
    assert.equal(typeof blocks.body[0].block_id, 'number');
    assert.equal(typeof blocks.body[0].block_name, 'string');
  });

  it('lists localities of a pincode at both the seed path and /api/v1', async () => {
    const a = await get(t.app, '/api/api/v1/admin/location/getLocalitybyPincode/110003', token);
    const b = await get(t.app, '/api/v1/admin/location/getLocalitybyPincode/110003', token);
    assert.equal(a.status, 200);
    assert.ok(a.body.length > 0);
    assert.deepEqual(a.body, b.body);
    assert.deepEqual(Object.keys(a.body[0]).sort(), ['locality_id', 'locality_name', 'office_name', 'pincode']);
    assert.equal(a.body[0].pincode, 110003);
  });

  it('answers unknown ids with an empty list and malformed ones with a 400 saying what is wrong', async () => {
    assert.deepEqual((await get(t.app, '/api/v1/admin/location/districts/999999', token)).body, []);
    assert.deepEqual((await get(t.app, '/api/v1/admin/location/blocks/999999', token)).body, []);
    assert.deepEqual((await get(t.app, '/api/v1/admin/location/getLocalitybyPincode/999999', token)).body, []);
    const bad = await get(t.app, '/api/v1/admin/location/districts/abc', token);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorCode, 'APPOIN0001');
    assert.match(bad.body.error, /state id must be a positive whole number/);
    const badPin = await get(t.app, '/api/v1/admin/location/getLocalitybyPincode/12345', token);
    assert.equal(badPin.status, 400);
    assert.match(badPin.body.error, /6-digit pincode/);
  });
});
