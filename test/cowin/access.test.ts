// Who may see what: guest accounts see only the beneficiaries they registered, beneficiary
// tokens only their own mobile's, and nothing tells a known mobile from an unknown one.
import { announceAndHear, pastExternalWritesBound } from '../helpers/external-writes.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { linkedByReference } from '../../src/core/cowin/beneficiaries/index.js';
import { signToken } from '../../src/core/shared/tokens.js';
import { openStore } from '../../src/store/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { isPostgresRun } from '../helpers/db.js';
import { Client, expectError, mobile, person } from './helpers.js';

const UPDATE = '/api/v1/registration/beneficiary/update';
const DELETE = '/api/v1/registration/beneficiary/delete';
const GET = (ref: unknown) => `/api/v1/registration/beneficiary?beneficiary_reference_id=${ref}`;
const LINKED = '/api/v1/appointment/linkedBeneficiaries';
const OTP = '/api/v1/auth/confirmMobileOTP';
const DOB = '/api/v1/auth/confirmMobileDob';

describe('who may see what', () => {
  let t: TestApp;
  let c: Client;
  before(async () => {
    t = await testApp();
    c = new Client(t);
  });
  after(async () => {
    await t.close();
  });

  it("a second guest account cannot read, update or delete the first one's beneficiary", async () => {
    const first = await c.guest('First app');
    const second = await c.guest('Second app');
    const { ref, body } = await c.add(first.token);
    expectError(await c.get(GET(ref), second.token), 404, 'BENDOC0012');
    expectError(
      await c.post(UPDATE, { ...body, beneficiary_reference_id: ref, name: 'Hijacked' }, second.token),
      404,
      'BENDOC0012',
    );
    expectError(await c.post(DELETE, { beneficiary_reference_id: ref }, second.token), 404, 'BENDOC0012');
    // The answers are exactly those for a reference id that does not exist.
    const missing = await c.get(GET(99999999999999), second.token);
    assert.equal((await c.get(GET(ref), second.token)).body, missing.body);
    // The beneficiary is untouched, and still the first account's.
    const still = await c.get(GET(ref), first.token);
    assert.equal(still.statusCode, 200);
    assert.equal(still.json().name, 'Apparao');
  });

  it("a token for one mobile cannot list or act on another mobile's beneficiaries", async () => {
    const guest = (await c.guest()).token;
    const a = await c.add(guest);
    const b = await c.add(guest);
    const listA = (await c.get(LINKED, a.token)).json().beneficiaries;
    assert.deepEqual(
      listA.map((x: { beneficiary_reference_id: number }) => x.beneficiary_reference_id),
      [a.ref],
    );
    expectError(await c.get(GET(b.ref), a.token), 404, 'BENDOC0012');
    expectError(await c.post(DELETE, { beneficiary_reference_id: b.ref }, a.token), 404, 'BENDOC0012');
    assert.equal((await c.get(GET(b.ref), b.token)).statusCode, 200);
    // Its own mobile's beneficiaries it may read and delete, whichever guest registered them.
    const other = (await c.guest('Other app')).token;
    const sibling = await c.add(other, { mobile_number: a.body.mobile_number });
    assert.equal((await c.get(GET(sibling.ref), a.token)).statusCode, 200);
    assert.equal((await c.get(LINKED, a.token)).json().beneficiaries.length, 2);
    assert.equal(
      (await c.post(DELETE, { beneficiary_reference_id: sibling.ref }, a.token)).body,
      'Deleted Succssesfully',
    );
    // What the appointment APIs use to pick a family's beneficiaries: only the mobile's live ones.
    const picked = await linkedByReference(t.store.db, String(a.body.mobile_number), [
      a.ref,
      b.ref,
      sibling.ref,
      99999999999999,
    ]);
    assert.deepEqual(
      picked.map((x) => x.reference_id),
      [a.ref],
    );
    // Beneficiary tokens cannot update (a guest-only endpoint in the seed).
    expectError(await c.post(UPDATE, { ...a.body, beneficiary_reference_id: a.ref }, a.token), 401, 'USRAUT0002');
  });

  it('a forged or foreign-signed token is refused', async () => {
    const m = mobile();
    const forged = await signToken(
      'another-secret-0123456789abcdef0123456789',
      { kind: 'beneficiary', sub: m, guest_id: 1 },
      900,
    );
    expectError(await c.get(LINKED, forged), 401, 'USRAUT0001');
    const expired = await signToken(
      t.config.secret,
      { kind: 'beneficiary', sub: m, guest_id: 1 },
      900,
      new Date(Date.now() - 3600_000),
    );
    expectError(await c.get(LINKED, expired), 401, 'USRAUT0001');
  });

  it('a beneficiary token stops working when its guest account is disabled', async () => {
    const g = await c.guest('To be disabled');
    const { token } = await c.add(g.token);
    assert.equal((await c.get(LINKED, token)).statusCode, 200);
    // Disabled by another process (the CLI): its own connection, so nothing in this process is told.
    const other = openStore(t.url);
    try {
      await other.db.updateTable('guests').set({ disabled: 1 }).where('id', '=', g.guestId).execute();
      // PostgreSQL: the notice the CLI's setGuestDisabled sends at its commit (pg-notify.test.ts).
      if (isPostgresRun()) await announceAndHear(other.db, 'g');
    } finally {
      await other.close();
    }
    await pastExternalWritesBound();
    expectError(await c.get(LINKED, token), 401, 'USRAUT0001');
  });

  it('no endpoint tells a registered mobile from an unknown one', async () => {
    const guest = (await c.guest()).token;
    const known = await c.add(guest);
    const unknownMobile = mobile();
    // OTP: same status and same shape.
    const a = await c.post(OTP, { mobile: known.body.mobile_number }, guest);
    const b = await c.post(OTP, { mobile: unknownMobile }, guest);
    assert.equal(a.statusCode, 200);
    assert.equal(b.statusCode, 200);
    assert.deepEqual(Object.keys(a.json()).sort(), Object.keys(b.json()).sort());
    // confirmMobileDob: the right reference id with a wrong year, an unknown reference id and an
    // unknown mobile all give the same answer.
    const wrongYear = await c.post(
      DOB,
      { beneficiary_reference_id: known.ref, mobile: known.body.mobile_number, birth_year: 1981 },
      guest,
    );
    const unknownRef = await c.post(
      DOB,
      { beneficiary_reference_id: 99999999999999, mobile: known.body.mobile_number, birth_year: 1980 },
      guest,
    );
    const unknownMob = await c.post(
      DOB,
      { beneficiary_reference_id: known.ref, mobile: unknownMobile, birth_year: 1980 },
      guest,
    );
    for (const r of [wrongYear, unknownRef, unknownMob]) expectError(r, 401, 'USRAUT0020', /do not match/);
    assert.equal(wrongYear.json().error, unknownRef.json().error.replace(/\d tries/, '4 tries'));
    // A fresh token for an unknown mobile simply lists nothing.
    const otp = b.json();
    const token = (await c.post('/api/v1/auth/mobileOTP', { otp: otp.otp, txnId: otp.txnId }, guest)).json().token;
    assert.deepEqual((await c.get(LINKED, token)).json(), { beneficiaries: [] });
  });

  it('every response so far masked mobile and photo ID numbers', async () => {
    const guest = (await c.guest()).token;
    const m = mobile();
    const { ref, body } = await c.add(guest, { mobile_number: m });
    await c.get(GET(ref), guest);
    await c.post(UPDATE, { ...body, beneficiary_reference_id: ref }, guest);
    await c.post('/api/v1/registration/beneficiary/add', person({ photo_id_number: body.photo_id_number }), guest);
    const values: Array<string | number> = [m];
    for (const row of await t.store.db.selectFrom('beneficiaries').select(['mobile', 'photo_id_number']).execute())
      values.push(row.mobile, row.photo_id_number);
    c.assertNeverShown(values);
  });
});
