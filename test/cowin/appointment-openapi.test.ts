// The OpenAPI document lists every operator, upload, metadata, centre, time-slot and
// appointment endpoint with examples and the token it needs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

const ROUTES: Array<[string, string, string]> = [
  ['post', '/api/v1/admin/login', 'application/json'],
  ['post', '/api/v1/admin/facility/upload', 'multipart/form-data'],
  ['get', '/api/v1/registration/beneficiary/getBeneficiaryIdType', ''],
  ['get', '/api/v1/registration/beneficiary/getGender', ''],
  ['get', '/api/v1/admin/location/states', ''],
  ['get', '/api/v1/admin/location/districts/{stateId}', ''],
  ['get', '/api/v1/admin/location/blocks/{districtId}', ''],
  ['get', '/api/v1/admin/location/getLocalitybyPincode/{pincode}', ''],
  ['get', '/api/v1/appointment/centers/findByPin', ''],
  ['get', '/api/v1/appointment/centers/findbyBlock', ''],
  ['get', '/api/v1/appointment/centers/findbyDistrict', ''],
  ['get', '/api/v1/appointment/timeslots/findByCenter', ''],
  ['post', '/api/v1/appointment/scheduleAppointment', 'application/json'],
  ['post', '/api/v1/appointment/rescheduleAppointment', 'application/json'],
  ['post', '/api/v1/appointment/cancel', 'application/json'],
  ['get', '/api/v1/appointment', ''],
];

describe('OpenAPI document for centres, uploads and appointments', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  it('documents every endpoint with examples and its token', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [method, path, bodyType] of ROUTES) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path} is documented`);
      const media = op.responses['200'].content['application/json'];
      const hasExample = (m: { example?: unknown; examples?: unknown; schema?: { examples?: unknown[] } }) =>
        m.example !== undefined || m.examples !== undefined || !!m.schema?.examples?.length;
      assert.ok(hasExample(media), `${method} ${path}: 200 has an example`);
      if (bodyType) {
        const body = op.requestBody.content[bodyType];
        assert.ok(body, `${method} ${path} takes ${bodyType}`);
        assert.ok(hasExample(body), `${method} ${path}: request has an example`);
      }
      if (path !== '/api/v1/admin/login') assert.ok(op.security?.length, `${method} ${path} names its token`);
      for (const p of op.parameters ?? []) assert.ok(hasExample(p), `${method} ${path}: ${p.name} has an example`);
    }
    // The other casings and the seed's doubled prefix answer but are not listed twice.
    assert.equal(doc.paths['/api/v1/appointment/centers/findbyPin'], undefined);
    assert.equal(doc.paths['/api/api/v1/admin/location/getLocalitybyPincode/{pincode}'], undefined);
  });
});
