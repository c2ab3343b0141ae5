// The dose rules through the Vaccinator API: doses in order, the next dose not before its
// window, one vaccine per series, only at a centre of the key's state that gives the vaccine,
// no future dates; a full series makes the beneficiary Vaccinated. Also the international
// certificate (passport) and the refusals of certificate downloads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { qrTextsOfPdf } from '../../src/core/cowin/certificate-qr.js';
import { publishedKeys, verifyCredential } from '../../src/core/cowin/credential.js';
import { DOSE_RULES } from '../../src/core/cowin/dose-rules.js';
import { createCentre, type TestCentre } from '../cowin/appointment-fixtures.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { v2Context, type V2Context } from '../cowin-v2/helpers.js';
import { indiaDay, vaccinatorKey } from './helpers.js';

describe('dose rules and certificates', () => {
  let t: TestApp;
  let v: V2Context;
  let covishield: TestCentre;
  let covaxin: TestCentre;
  let elsewhere: TestCentre;
  let k: Awaited<ReturnType<typeof vaccinatorKey>>;
  let n = 0;

  before(async () => {
    t = await testApp();
    v = await v2Context(t);
    covishield = await createCentre(t.store, [5], 1);
    covaxin = await createCentre(t.store, [5], 2);
    elsewhere = await createCentre(t.store, [5], 1);
    await t.store.db
      .updateTable('places')
      .set({ state_id: 16, district_id: null })
      .where('id', '=', elsewhere.id)
      .execute();
    k = await vaccinatorKey(t, 21);
  });
  after(async () => t.close());

  const NAMES = ['Anil Rao', 'Bina Das', 'Chetan Naik', 'Deepa Iyer', 'Esha Gill'];
  async function register(photo: { type: number; number: string } = { type: 6, number: `DOSPR${1000 + ++n}Q` }) {
    if (photo.type !== 6) n++;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/vaccinator/beneficiaries/new',
      headers: k.headers,
      payload: {
        name: NAMES[n % NAMES.length],
        birth_year: '1960',
        gender_id: 1,
        mobile_number: `98777${String(10000 + n).slice(-5)}`,
        photo_id_type: photo.type,
        photo_id_number: photo.number,
        consent_version: '1',
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().beneficiary_reference_id as string;
  }
  const vaccinate = (ref: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v2/vaccinator/beneficiaries/vaccinate',
      headers: k.headers,
      payload: { beneficiary_reference_id: ref, vaccine_batch: 'B-1', vaccinator_name: 'Nurse Joshi', ...body },
    });
  const refused = async (res: Awaited<ReturnType<typeof vaccinate>>, code: string, message: RegExp) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().errorCode, code, res.body);
    assert.match(res.json().error, message);
  };
  const find = async (ref: string) =>
    (
      await t.app.inject({
        url: `/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${ref}`,
        headers: k.headers,
      })
    ).json();

  it('has one rule per sandbox vaccine, each with a source and an open window', () => {
    assert.deepEqual(DOSE_RULES.map((r) => r.vaccine).sort(), [
      'CORBEVAX',
      'COVAXIN',
      'COVISHIELD',
      'COVOVAX',
      'SPUTNIK V',
      'ZYCOV-D',
    ]);
    for (const r of DOSE_RULES) assert.ok(r.source && r.minGapDays > 0 && r.maxGapDays > r.minGapDays && r.doses >= 2);
  });

  it('refuses doses out of order, too early, of another vaccine, at the wrong centre or in the future', async () => {
    const ref = await register();
    const base = { center_id: covishield.id, vaccine: 'COVISHIELD' };
    await refused(
      await vaccinate(ref, { ...base, dose: 2, dose2_date: indiaDay(-1) }),
      'VACCIN0004',
      /record dose 1 first/,
    );
    await refused(
      await vaccinate(ref, { ...base, dose: 3, date: indiaDay(-1) }),
      'VACCIN0004',
      /COVISHIELD has 2 doses/,
    );
    await refused(await vaccinate(ref, { ...base, dose: 1, dose1_date: indiaDay(1) }), 'VACCIN0006', /in the future/);
    await refused(
      await vaccinate(ref, { ...base, vaccine: 'COVAXIN', dose: 1, dose1_date: indiaDay(-1) }),
      'VACCIN0002',
      /does not give COVAXIN/,
    );
    await refused(
      await vaccinate(ref, { ...base, vaccine: 'PFIZER', dose: 1, dose1_date: indiaDay(-1) }),
      'VACCIN0001',
      /vaccine must be one of/,
    );
    await refused(
      await vaccinate(ref, { ...base, center_id: elsewhere.id, dose: 1, dose1_date: indiaDay(-1) }),
      'VACCIN0003',
      /not in this key's state/,
    );
    const missing = await vaccinate(ref, { ...base, dose: 1 });
    assert.equal(missing.json().errorCode, 'USRRES0001');
    assert.match(missing.json().error, /dose1_date/);
    const badDate = await vaccinate(ref, { ...base, dose: 1, dose1_date: '31-02-2026' });
    assert.match(badDate.json().error, /real date/);
    assert.equal((await find(ref)).vaccination_status, 'Not Vaccinated', 'nothing was recorded');

    assert.equal((await vaccinate(ref, { ...base, dose: 1, dose1_date: indiaDay(-30) })).statusCode, 204);
    await refused(
      await vaccinate(ref, { ...base, dose: 1, dose1_date: indiaDay(-1) }),
      'VACCIN0004',
      /already recorded/,
    );
    await refused(
      await vaccinate(ref, { ...base, dose: 2, dose2_date: indiaDay(0) }),
      'VACCIN0005',
      /due from .*84 days/,
    );
    await refused(
      await vaccinate(ref, { center_id: covaxin.id, vaccine: 'COVAXIN', dose: 2, dose2_date: indiaDay(0) }),
      'VACCIN0007',
      /must be COVISHIELD/,
    );
    const partly = await find(ref);
    assert.equal(partly.vaccination_status, 'Partially Vaccinated');
    assert.equal(partly.next_dose_from, indiaDay(54));
  });

  it('a full series makes the beneficiary Vaccinated, and its certificate lists both doses', async () => {
    const ref = await register();
    const base = { center_id: covaxin.id, vaccine: 'covaxin' };
    assert.equal((await vaccinate(ref, { ...base, dose: 1, dose1_date: indiaDay(-40) })).statusCode, 204);
    assert.equal((await vaccinate(ref, { ...base, dose: 2, dose2_date: indiaDay(-10) })).statusCode, 204);
    const b = await find(ref);
    assert.equal(b.vaccination_status, 'Vaccinated');
    assert.equal(b.vaccine, 'COVAXIN');
    assert.equal(b.dose2_date, indiaDay(-10));
    assert.equal(b.next_dose_from, undefined, 'no dose is due');
    const cert = await t.app.inject({
      url: `/api/v2/vaccinator/certificate/download?beneficiary_reference_id=${ref}`,
      headers: k.headers,
    });
    const [qr] = await qrTextsOfPdf(cert.rawPayload);
    const verified = await verifyCredential(qr, await publishedKeys(t.store.db));
    assert.ok(verified.ok);
    assert.deepEqual(
      verified.credential.evidence.map((e) => [e.dose, e.vaccine]),
      [
        [1, 'COVAXIN'],
        [2, 'COVAXIN'],
      ],
    );
  });

  it('refuses a certificate before any dose, and issues the international one for a passport', async () => {
    const none = await register();
    const res = await t.app.inject({
      url: `/api/v2/vaccinator/certificate/download?beneficiary_reference_id=${none}`,
      headers: k.headers,
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errorCode, 'VACCIN0008');

    const traveller = await register({ type: 8, number: 'J8369854' });
    assert.equal(
      (
        await vaccinate(traveller, {
          center_id: covishield.id,
          vaccine: 'COVISHIELD',
          dose: 1,
          dose1_date: indiaDay(-3),
        })
      ).statusCode,
      204,
    );
    const mobile = (
      await t.store.db
        .selectFrom('beneficiaries')
        .select('mobile')
        .where('reference_id', '=', Number(traveller))
        .executeTakeFirstOrThrow()
    ).mobile;
    const intl = await t.app.inject({
      url: `/api/v2/registration/certificate/downloadInternational?beneficiary_reference_id=${traveller}`,
      headers: await v.as(mobile),
    });
    assert.equal(intl.statusCode, 200, intl.body);
    const [qr] = await qrTextsOfPdf(intl.rawPayload);
    const verified = await verifyCredential(qr, await publishedKeys(t.store.db));
    assert.ok(verified.ok);
    assert.equal(verified.credential.credentialSubject.passport, 'J8369854');
    const stranger = await t.app.inject({
      url: `/api/v2/registration/certificate/download?beneficiary_reference_id=${traveller}`,
      headers: await v.as('9000000999'),
    });
    assert.equal(stranger.statusCode, 400, 'another mobile cannot download it');
    assert.equal(stranger.json().errorCode, 'BENDOC0012');
  });
});
