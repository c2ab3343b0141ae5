// Issue 13's must-show, end to end through the HTTP APIs and the CLI: register (Vaccinator API)
// → mobile OTP (protected API) → schedule → vaccinate dose 1 → download the certificate →
// verify its QR offline with `careslot certificate verify` (the QR read back from the PDF's
// pixels). A forged or tampered QR is refused; a key of another state cannot read the
// beneficiary; every lookup appears in the audit log (CLI and admin API).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { newSigningJwk } from '../../src/core/cowin/credential.js';
import { qrTextsOfPdf } from '../../src/core/cowin/certificate-qr.js';
import { packJws, unpackJws } from '../../src/core/cowin/qr-payload.js';
import { certificatePdf } from '../../src/api/cowin-v2/vaccinator/certificate-pdf.js';
import { createCentre, type TestCentre } from '../cowin/appointment-fixtures.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { operatorToken } from '../helpers/operators.js';
import { sha256, v2Context, type V2Context } from '../cowin-v2/helpers.js';
import { smsSink, type SmsSink } from '../helpers/sms.js';
import { cli, indiaDay, vaccinatorKey } from './helpers.js';

const MOBILE = '9812300013';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('must show: register → OTP → schedule → vaccinate → certificate → verify offline', () => {
  let t: TestApp;
  let sms: SmsSink;
  let v: V2Context;
  let centre: TestCentre;
  let mh: Awaited<ReturnType<typeof vaccinatorKey>>;
  let ka: Awaited<ReturnType<typeof vaccinatorKey>>;
  let dir: string;
  let ref: string;
  let token: string;
  let pdfPath: string;
  let jwksPath: string;
  let qr: string;

  before(async () => {
    sms = await smsSink();
    t = await testApp({ env: { SMS_WEBHOOK_URL: sms.url } });
    v = await v2Context(t);
    centre = await createCentre(t.store, [5], 1); // COVISHIELD, Maharashtra (21), tomorrow
    mh = await vaccinatorKey(t, 21, 'Maharashtra drive');
    ka = await vaccinatorKey(t, 16, 'Karnataka drive');
    dir = mkdtempSync(join(tmpdir(), 'careslot-cert-'));
  });
  after(async () => {
    await t.close();
    await sms.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, payload });

  it('registers a beneficiary in the key’s state, signs in by OTP and schedules', async () => {
    const reg = await inject('POST', '/api/v2/vaccinator/beneficiaries/new', mh.headers, {
      name: 'Lata Kulkarni',
      birth_year: '1975',
      gender_id: 2,
      mobile_number: MOBILE,
      photo_id_type: 6,
      photo_id_number: 'BKLPK1313Q',
      consent_version: '1',
    });
    assert.equal(reg.statusCode, 200, reg.body);
    ref = reg.json().beneficiary_reference_id;
    assert.equal(reg.json().isNewAccount, 'Y');

    const gen = await inject('POST', '/api/v2/auth/generateOTP', { 'x-api-key': v.key }, { mobile: MOBILE });
    assert.equal(gen.statusCode, 200, gen.body);
    const otp = sms.texts.find((m) => m.to === MOBILE)?.text.match(/^(\d{6})/)?.[1];
    assert.ok(otp, 'the OTP went out by SMS');
    const conf = await inject(
      'POST',
      '/api/v2/auth/confirmOTP',
      { 'x-api-key': v.key },
      {
        otp: sha256(otp!),
        txnId: gen.json().txnId,
      },
    );
    assert.equal(conf.statusCode, 200, conf.body);
    token = conf.json().token;
    assert.equal(conf.json().isNewAccount, 'N', 'the mobile already has the registered beneficiary');

    const me = { 'x-api-key': v.key, authorization: `Bearer ${token}` };
    const sessions = await inject(
      'GET',
      `/api/v4/appointment/sessions/findByPin?pincode=411001&date=${centre.slots[0].date}`,
      me,
    );
    const s = sessions.json().sessions.find((x: { center_id: number }) => x.center_id === centre.id);
    const booked = await inject('POST', '/api/v4/appointment/schedule', me, {
      center_id: centre.id,
      session_id: s.session_id,
      beneficiaries: [ref],
      slot: s.slots[0],
      dose: 1,
    });
    assert.equal(booked.statusCode, 200, booked.body);
  });

  it('vaccinates dose 1: the record, the status, the due window and the completed appointment', async () => {
    const res = await inject('POST', '/api/v2/vaccinator/beneficiaries/vaccinate', mh.headers, {
      beneficiary_reference_id: ref,
      center_id: centre.id,
      vaccine: 'COVISHIELD',
      vaccine_batch: '4121Z025',
      dose: 1,
      dose1_date: indiaDay(0),
      vaccinator_name: 'Prabha Devi',
    });
    assert.equal(res.statusCode, 204, res.body);
    const found = await inject(
      'GET',
      `/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${ref}`,
      mh.headers,
    );
    assert.equal(found.statusCode, 200, found.body);
    const b = found.json();
    assert.equal(b.vaccination_status, 'Partially Vaccinated');
    assert.equal(b.vaccine, 'COVISHIELD');
    assert.equal(b.dose1_date, indiaDay(0));
    assert.equal(b.next_dose_from, indiaDay(84), 'COVISHIELD dose 2 from 84 days');
    assert.equal(b.next_dose_by, indiaDay(112));
    assert.equal(b.mobile_number, '*****0013', 'mobile masked');
    assert.equal(b.photo_id_number, 'XXXXXX313Q', 'photo ID masked');
    assert.deepEqual(b.appointments, [], 'the appointment is no longer live');
    const booking = await t.store.db
      .selectFrom('vaccinations as v')
      .innerJoin('bookings as k', 'k.id', 'v.booking_id')
      .select(['k.status'])
      .executeTakeFirst();
    assert.equal(booking?.status, 'completed', 'the dose is linked to the appointment, which is completed');
    const mine = await inject('GET', '/api/v4/appointment/beneficiaries', {
      'x-api-key': v.key,
      authorization: `Bearer ${token}`,
    });
    assert.equal(mine.json().beneficiaries[0].vaccination_status, 'Partially Vaccinated', 'the protected view too');
    const status = await inject('GET', '/api/v3/vaccination/status', { authorization: `Bearer ${token}` });
    assert.equal(status.statusCode, 200, status.body);
    assert.equal(status.json().vaccination_status, '1');
  });

  it('downloads the certificate by vaccinator key, beneficiary token and public token', async () => {
    const byKey = await inject(
      'GET',
      `/api/v2/vaccinator/certificate/download?beneficiary_reference_id=${ref}`,
      mh.headers,
    );
    assert.equal(byKey.statusCode, 200, byKey.body);
    assert.equal(byKey.headers['content-type'], 'application/pdf');
    assert.equal(byKey.rawPayload.subarray(0, 5).toString(), '%PDF-');
    pdfPath = join(dir, 'certificate.pdf');
    writeFileSync(pdfPath, byKey.rawPayload);
    const texts = await qrTextsOfPdf(byKey.rawPayload);
    assert.equal(texts.length, 1, 'one QR code in the PDF');
    qr = texts[0];
    const protectedDl = await inject(
      'GET',
      `/api/v2/registration/certificate/download?beneficiary_reference_id=${ref}`,
      {
        'x-api-key': v.key,
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(protectedDl.statusCode, 200, protectedDl.body);
    const publicDl = await inject(
      'GET',
      `/api/v2/registration/certificate/public/download?beneficiary_reference_id=${ref}`,
      {
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(publicDl.statusCode, 200, publicDl.body);
    const intl = await inject(
      'GET',
      `/api/v2/registration/certificate/downloadInternational?beneficiary_reference_id=${ref}`,
      {
        'x-api-key': v.key,
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(intl.statusCode, 400, 'registered with a PAN, not a passport');
    assert.equal(intl.json().errorCode, 'VACCIN0009');
    const jwks = await t.app.inject('/.well-known/jwks.json');
    assert.equal(jwks.statusCode, 200);
    assert.equal(jwks.json().keys[0].crv, 'Ed25519');
    assert.equal(jwks.json().keys[0].d, undefined, 'never the private key');
    jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwks.body);
  });

  it('verifies the QR offline with the CLI: from the PDF, with a saved JWKS or the database', () => {
    const offline = cli(t, 'certificate', 'verify', pdfPath, '--jwks', jwksPath, '--json');
    assert.equal(offline.status, 0, offline.stderr);
    const out = JSON.parse(offline.stdout);
    assert.equal(out.valid, true);
    assert.equal(out.credentialSubject.name, 'Lata Kulkarni');
    assert.equal(out.credentialSubject.refId, ref);
    assert.equal(out.evidence[0].vaccine, 'COVISHIELD');
    assert.equal(out.evidence[0].dose, 1);
    assert.equal(out.evidence[0].totalDoses, 2);
    assert.equal(out.evidence[0].batch, '4121Z025');
    const fromDb = cli(t, 'certificate', 'verify', pdfPath);
    assert.equal(fromDb.status, 0, fromDb.stderr);
    assert.match(fromDb.stdout, /certificate VALID/);
    assert.equal(cli(t, 'certificate', 'verify', qr, '--jwks', jwksPath).status, 0, 'the QR text itself');
  });

  it('refuses a forged or tampered QR', async () => {
    assert.match(qr, /^CS1:[0-9A-Z $%*+\-./:]+$/, 'packed in the QR alphanumeric set');
    const [h, p, s] = unpackJws(qr)!.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.vc.evidence[0].dose = 2;
    const tampered = `${h}.${b64(claims)}.${s}`;
    const r1 = cli(t, 'certificate', 'verify', tampered, '--jwks', jwksPath, '--json');
    assert.equal(r1.status, 1);
    assert.match(JSON.parse(r1.stdout).reason, /altered or forged/);

    const packed = cli(t, 'certificate', 'verify', packJws(tampered), '--jwks', jwksPath);
    assert.equal(packed.status, 1, 'tampered, then packed as a QR text');
    const flipped = qr.slice(0, 40) + (qr[40] === 'A' ? 'B' : 'A') + qr.slice(41);
    assert.equal(
      cli(t, 'certificate', 'verify', flipped, '--jwks', jwksPath).status,
      1,
      'one character of the QR changed',
    );

    // Signed by another key under the real key's id: the signature does not match.
    const kid = JSON.parse(Buffer.from(h, 'base64url').toString()).kid;
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .sign(createPrivateKey({ key: newSigningJwk() as never, format: 'jwk' }));
    const r2 = cli(t, 'certificate', 'verify', forged, '--jwks', jwksPath);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /REFUSED/);

    // alg none is never accepted.
    const none = `${b64({ alg: 'none', kid })}.${p}.`;
    assert.equal(cli(t, 'certificate', 'verify', none, '--jwks', jwksPath).status, 1);

    // A PDF whose QR holds the tampered credential.
    const pdf = await certificatePdf({
      certificateId: '1',
      referenceId: ref,
      name: 'Lata Kulkarni',
      age: 51,
      gender: 'Female',
      photoId: 'PAN Card *****313Q',
      vaccine: 'COVISHIELD',
      status: 'Vaccinated',
      totalDoses: 2,
      doses: [],
      issuedAt: '2026-01-01T00:00:00.000Z',
      issuer: 'http://127.0.0.1:3000',
      credential: tampered,
      qr: packJws(tampered),
    });
    const fake = join(dir, 'fake.pdf');
    writeFileSync(fake, pdf);
    const r3 = cli(t, 'certificate', 'verify', fake, '--jwks', jwksPath);
    assert.equal(r3.status, 1);
    assert.match(r3.stderr, /altered or forged/);
  });

  it('a key of another state cannot read, download or vaccinate the beneficiary', async () => {
    const byRef = await inject(
      'GET',
      `/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${ref}`,
      ka.headers,
    );
    assert.equal(byRef.statusCode, 400);
    assert.equal(byRef.json().errorCode, 'BENDOC0012');
    const byMobile = await inject(
      'GET',
      `/api/v2/vaccinator/beneficiaries/findByMobile?mobile_number=${MOBILE}`,
      ka.headers,
    );
    assert.equal(byMobile.statusCode, 200);
    assert.deepEqual(byMobile.json().beneficiaries, [], 'a lookup by mobile stays inside the key’s state');
    const ownState = await inject(
      'GET',
      `/api/v2/vaccinator/beneficiaries/findByMobile?mobile_number=${MOBILE}`,
      mh.headers,
    );
    assert.equal(ownState.json().beneficiaries.length, 1);
    const cert = await inject(
      'GET',
      `/api/v2/vaccinator/certificate/download?beneficiary_reference_id=${ref}`,
      ka.headers,
    );
    assert.equal(cert.statusCode, 400);
    const vac = await inject('POST', '/api/v2/vaccinator/beneficiaries/vaccinate', ka.headers, {
      beneficiary_reference_id: ref,
      center_id: centre.id,
      vaccine: 'COVISHIELD',
      vaccine_batch: 'X',
      dose: 2,
      dose2_date: indiaDay(0),
      vaccinator_name: 'Someone',
    });
    assert.equal(vac.statusCode, 400);
    assert.equal(vac.json().errorCode, 'BENDOC0012');
    const protectedKey = await inject(
      'GET',
      `/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${ref}`,
      {
        'x-api-key': v.key,
      },
    );
    assert.equal(protectedKey.statusCode, 401, 'a protected key is not a vaccinator key');
  });

  it('every lookup appears in the audit log: CLI and admin API', async () => {
    const res = cli(t, 'audit', '--record', ref, '--json');
    assert.equal(res.status, 0, res.stderr);
    const entries: { actor: string; operation: string }[] = JSON.parse(res.stdout).entries;
    const seen = entries.map((e) => `${e.actor} ${e.operation}`);
    for (const expected of [
      `key:${mh.id} findByReferenceId`,
      `key:${mh.id} findByMobile`,
      `key:${mh.id} vaccinatorCertificate`,
      `key:${ka.id} findByReferenceId`,
      `key:${ka.id} vaccinatorCertificate`,
      'downloadCertificate',
      'downloadCertificatePublic',
      'downloadInternationalCertificate',
      'vaccinationStatus',
    ])
      assert.ok(
        seen.some((s) => s.endsWith(expected)),
        `${expected} is in the audit log: ${seen.join(', ')}`,
      );
    assert.ok(
      !seen.includes(`key:${ka.id} findByMobile`),
      'the other state’s mobile lookup found no record of this beneficiary',
    );
    const mobileRows = cli(t, 'audit', '--actor', `key:${ka.id}`, '--operation', 'findByMobile', '--json');
    assert.equal(
      JSON.parse(mobileRows.stdout).entries[0].record_ref,
      '*****0013',
      'its mobile lookup is logged, masked',
    );

    const admin = await operatorToken(t, 'admin');
    const api = await t.app.inject({
      url: `/admin/v1/audit?record=${ref}&actor=key:${mh.id}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(api.statusCode, 200, api.body);
    assert.ok(api.json().data.info.entries.length >= 3);
    const facility = await operatorToken(t, 'facility');
    const refused = await t.app.inject({ url: '/admin/v1/audit', headers: { authorization: `Bearer ${facility}` } });
    assert.equal(refused.statusCode, 401, 'admins only');
    assert.equal(cli(t, 'audit', '--actor', 'nobody').status, 1);
  });
});
