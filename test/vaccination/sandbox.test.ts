// The sandbox's vaccination examples: the printed vaccinator key (Maharashtra) finds the
// already-vaccinated beneficiaries, fully and partially, and downloads their certificates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxCredentials } from '../../src/sandbox/index.js';
import { SANDBOX_VACCINATED, sandboxVaccinatorKey } from '../../src/sandbox/vaccinations.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('sandbox vaccinations', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const find = (ref: number, key = sandboxVaccinatorKey(t.config)) =>
    t.app.inject({
      url: `/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${ref}`,
      headers: { 'x-api-key': key },
    });

  it('prints a vaccinator key and the vaccinated beneficiaries at start', async () => {
    const printed = await sandboxCredentials(t.store, t.config);
    assert.equal(printed['x-api-key (Vaccinator, state 21)'], sandboxVaccinatorKey(t.config));
    assert.match(printed['vaccinated beneficiaries'], new RegExp(String(SANDBOX_VACCINATED[0].ref)));
  });

  it('has beneficiaries fully, partially and not vaccinated, with certificates', async () => {
    const statuses = [];
    for (const p of SANDBOX_VACCINATED) {
      const res = await find(p.ref);
      assert.equal(res.statusCode, 200, res.body);
      statuses.push([res.json().vaccination_status, res.json().vaccine]);
    }
    assert.deepEqual(statuses, [
      ['Vaccinated', 'COVAXIN'],
      ['Partially Vaccinated', 'COVISHIELD'],
      ['Not Vaccinated', undefined],
    ]);
    const cert = await t.app.inject({
      url: `/api/v2/vaccinator/certificate/download?beneficiary_reference_id=${SANDBOX_VACCINATED[0].ref}`,
      headers: { 'x-api-key': sandboxVaccinatorKey(t.config) },
    });
    assert.equal(cert.statusCode, 200);
    assert.equal(cert.headers['content-type'], 'application/pdf');
    assert.equal((await find(SANDBOX_VACCINATED[0].ref, 'not-a-real-key-000000000')).statusCode, 401);
  });
});
