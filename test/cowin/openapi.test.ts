// The OpenAPI document lists every registration endpoint, each request body and success
// response with an example, and the shared beneficiary schema as a named component.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

const ROUTES: Array<[string, string]> = [
  ['post', '/api/v1/auth/guest/login'],
  ['post', '/api/v1/registration/beneficiary/add'],
  ['post', '/api/v1/registration/beneficiary/update'],
  ['get', '/api/v1/registration/beneficiary'],
  ['post', '/api/v1/registration/beneficiary/delete'],
  ['post', '/api/v1/auth/confirmMobileOTP'],
  ['post', '/api/v1/auth/mobileOTP'],
  ['post', '/api/v1/auth/confirmMobileDob'],
  ['get', '/api/v1/appointment/linkedBeneficiaries'],
];

describe('OpenAPI document for the registration endpoints', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  it('documents every endpoint with examples', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(doc.components.schemas.CowinBeneficiary, 'CowinBeneficiary is a named component');
    for (const [method, path] of ROUTES) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path} is documented`);
      assert.ok(op.tags.includes('Registration & Appointment'));
      const ok = op.responses['200'].content;
      const media = ok['application/json'] ?? ok['text/plain'];
      assert.ok(
        media.example !== undefined || media.examples !== undefined || media.schema?.examples || media.schema?.$ref,
        `${method} ${path}: 200 has an example`,
      );
      if (method === 'post') {
        const body = op.requestBody.content['application/json'];
        assert.ok(
          body.example !== undefined || body.examples !== undefined,
          `${method} ${path}: request has an example`,
        );
      }
      if (path !== '/api/v1/auth/guest/login') assert.ok(op.security?.length, `${method} ${path} names its token`);
    }
    assert.ok(
      doc.paths['/api/v1/registration/beneficiary'].get.parameters.some(
        (p: { name: string; example?: unknown }) => p.name === 'beneficiary_reference_id' && p.example !== undefined,
      ),
    );
  });
});
