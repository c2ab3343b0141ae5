// B5–B7: mobile OTP (send, confirm as digits or SHA-256 hex, 3 tries, 3-minute expiry, send
// limits) and authentication by reference id + mobile + birth year (with its lockout).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OTP_SENDS_PER_DAY, startOtp, verifyMobileDob, verifyOtp } from '../../src/core/cowin/otp.js';
import { ConsoleSmsSender } from '../../src/core/cowin/sms.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { Client, expectError, mobile } from './helpers.js';

const SEND = '/api/v1/auth/confirmMobileOTP';
const CONFIRM = '/api/v1/auth/mobileOTP';
const DOB = '/api/v1/auth/confirmMobileDob';
const LINKED = '/api/v1/appointment/linkedBeneficiaries';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('mobile OTP (B5, B6)', () => {
  let t: TestApp;
  let c: Client;
  let guest: { token: string; guestId: number };
  before(async () => {
    t = await testApp();
    c = new Client(t);
    guest = await c.guest();
  });
  after(async () => {
    await t.close();
  });

  const send = async (m: string | number, token = guest.token) => {
    const res = await c.post(SEND, { mobile: m }, token);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { otp: number; txnId: string };
  };

  it('sends an OTP (shown in sandbox mode) and exchanges it for a beneficiary token', async () => {
    const { ref, body } = await c.add(guest.token);
    const m = String(body.mobile_number);
    const sent = await send(Number(m));
    assert.match(String(sent.otp), /^\d{6}$/);
    assert.match(sent.txnId, /^[0-9a-f-]{36}$/);
    const res = await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json()), ['token']);
    const token = res.json().token;
    assert.deepEqual(
      { aud: claims(token).aud, sub: claims(token).sub, guest_id: claims(token).guest_id },
      { aud: 'careslot:beneficiary', sub: m, guest_id: guest.guestId },
    );
    assert.equal(claims(token).exp - claims(token).iat, 15 * 60);
    const linked = (await c.get(LINKED, token)).json();
    assert.deepEqual(
      linked.beneficiaries.map((b: { beneficiary_reference_id: number }) => b.beneficiary_reference_id),
      [ref],
    );
    // A txnId works once.
    expectError(await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token), 401, 'USRAUT0017', /new OTP/);
  });

  it('accepts the OTP as its SHA-256 hex (any case) and as a string', async () => {
    const m = mobile();
    const a = await send(m);
    assert.equal((await c.post(CONFIRM, { otp: sha(String(a.otp)), txnId: a.txnId }, guest.token)).statusCode, 200);
    const b = await send(m);
    assert.equal(
      (await c.post(CONFIRM, { otp: sha(String(b.otp)).toUpperCase(), txnId: b.txnId }, guest.token)).statusCode,
      200,
    );
    const d = await send(m);
    assert.equal((await c.post(CONFIRM, { otp: String(d.otp), txnId: d.txnId }, guest.token)).statusCode, 200);
  });

  it('stores only a keyed hash of the OTP', async () => {
    const sent = await send(mobile());
    const row = await t.store.db
      .selectFrom('otp_transactions')
      .selectAll()
      .where('id', '=', sent.txnId)
      .executeTakeFirstOrThrow();
    assert.ok(!row.otp_hash.includes(String(sent.otp)));
    assert.notEqual(row.otp_hash, sha(String(sent.otp)));
    assert.match(row.otp_hash, /^[0-9a-f]{64}$/);
    assert.equal(Date.parse(row.expires_at) - Date.parse(row.created_at), 3 * 60_000);
  });

  it('allows 3 tries per txnId: the fourth fails even with the right OTP', async () => {
    const sent = await send(mobile());
    const wrong = String(sent.otp === 111111 ? 222222 : 111111);
    expectError(
      await c.post(CONFIRM, { otp: wrong, txnId: sent.txnId }, guest.token),
      401,
      'USRAUT0014',
      /2 tries left/,
    );
    expectError(await c.post(CONFIRM, { otp: wrong, txnId: sent.txnId }, guest.token), 401, 'USRAUT0014', /1 try left/);
    expectError(
      await c.post(CONFIRM, { otp: sha(wrong), txnId: sent.txnId }, guest.token),
      401,
      'USRAUT0014',
      /no tries left/,
    );
    expectError(
      await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token),
      429,
      'USRAUT0018',
      /request a new OTP/,
    );
  });

  it('concurrent guesses cannot exceed 3 tries', async () => {
    const sent = await send(mobile());
    const wrong = String(sent.otp === 111111 ? 222222 : 111111);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => c.post(CONFIRM, { otp: wrong, txnId: sent.txnId }, guest.token)),
    );
    assert.equal(results.filter((r) => r.statusCode === 401).length, 3);
    assert.equal(results.filter((r) => r.statusCode === 429).length, 3);
    const row = await t.store.db
      .selectFrom('otp_transactions')
      .select('attempts')
      .where('id', '=', sent.txnId)
      .executeTakeFirstOrThrow();
    assert.equal(row.attempts, 3);
  });

  it('an OTP expires after 3 minutes', async () => {
    const sent = await send(mobile());
    await t.store.db
      .updateTable('otp_transactions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', sent.txnId)
      .execute();
    expectError(await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token), 401, 'USRAUT0016', /expired/);
    // Through the core, with the clock moved on.
    const m = mobile();
    const sender = new ConsoleSmsSender(() => {});
    const started = await startOtp(t.store, { mobile: m, guestId: guest.guestId, secret: t.config.secret, sender });
    await assert.rejects(
      verifyOtp(t.store, {
        txnId: started.txnId,
        otp: started.otp,
        guestId: guest.guestId,
        secret: t.config.secret,
        now: new Date(Date.now() + 181_000),
      }),
      { rule: 'otp_expired' },
    );
    assert.equal(
      await verifyOtp(t.store, {
        txnId: started.txnId,
        otp: started.otp,
        guestId: guest.guestId,
        secret: t.config.secret,
        now: new Date(Date.now() + 170_000),
      }),
      m,
    );
  });

  it('a txnId belongs to the guest account that started it', async () => {
    const sent = await send(mobile());
    const other = await c.guest('Other app');
    expectError(await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, other.token), 401, 'USRAUT0017');
    expectError(
      await c.post(CONFIRM, { otp: sent.otp, txnId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, guest.token),
      401,
      'USRAUT0017',
    );
    // The foreign attempt did not use up a try.
    assert.equal((await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token)).statusCode, 200);
  });

  it('rejects malformed input with a message that says what to send', async () => {
    expectError(await c.post(SEND, { mobile: 12345 }, guest.token), 400, 'USRAUT0011', /10-digit/);
    expectError(await c.post(SEND, {}, guest.token), 400, 'APPOIN0001', /mobile/);
    const sent = await send(mobile());
    expectError(
      await c.post(CONFIRM, { otp: '12ab56', txnId: sent.txnId }, guest.token),
      400,
      'APPOIN0001',
      /6-digit OTP or its SHA-256 hex/,
    );
    expectError(await c.post(CONFIRM, { otp: 12345, txnId: sent.txnId }, guest.token), 400, 'APPOIN0001', /6-digit/);
    expectError(await c.post(CONFIRM, { otp: 123456 }, guest.token), 400, 'APPOIN0001', /txnId/);
    // Malformed OTPs did not use a try.
    assert.equal((await c.post(CONFIRM, { otp: sent.otp, txnId: sent.txnId }, guest.token)).statusCode, 200);
  });

  it('needs a guest token', async () => {
    expectError(await c.post(SEND, { mobile: mobile() }), 401, 'USRAUT0001');
    const { token } = await c.add(guest.token);
    expectError(await c.post(SEND, { mobile: mobile() }, token), 401, 'USRAUT0002');
    expectError(await c.post(CONFIRM, { otp: 123456, txnId: 'x' }), 401, 'USRAUT0001');
    expectError(
      await c.post(DOB, { beneficiary_reference_id: 12345678901234, mobile: mobile(), birth_year: 1980 }),
      401,
      'USRAUT0001',
    );
  });

  it('limits sends per mobile per 15 minutes, saying when to retry', async () => {
    const m = mobile();
    for (let i = 0; i < 3; i++) await send(m);
    const res = await c.post(SEND, { mobile: m }, guest.token);
    expectError(res, 429, 'USRAUT0019', /per 15 minutes; retry after \d+ seconds/);
    const retry = res.json().retry_after_seconds;
    assert.ok(retry > 800 && retry <= 900, String(retry));
    assert.equal(res.headers['retry-after'], String(retry));
    // Another guest account shares the mobile's limit; another mobile is unaffected.
    const other = await c.guest('Other app');
    expectError(await c.post(SEND, { mobile: m }, other.token), 429, 'USRAUT0019');
    await send(mobile());
  });

  it('limits sends per mobile per day', async () => {
    const m = mobile();
    const sender = new ConsoleSmsSender(() => {});
    const t0 = Date.now();
    const at = (i: number) => new Date(t0 + Math.floor(i / 3) * 16 * 60_000 + (i % 3) * 1000);
    for (let i = 0; i < OTP_SENDS_PER_DAY; i++)
      await startOtp(t.store, { mobile: m, guestId: guest.guestId, secret: t.config.secret, sender, now: at(i) });
    const late = at(OTP_SENDS_PER_DAY + 2);
    await assert.rejects(
      startOtp(t.store, { mobile: m, guestId: guest.guestId, secret: t.config.secret, sender, now: late }),
      (err: { rule: string; details: { retry_after_seconds: number }; message: string }) => {
        assert.equal(err.rule, 'otp_send_limit');
        assert.match(err.message, /per day/);
        assert.ok(err.details.retry_after_seconds > 20 * 3600);
        return true;
      },
    );
    await startOtp(t.store, {
      mobile: m,
      guestId: guest.guestId,
      secret: t.config.secret,
      sender,
      now: new Date(t0 + 24 * 3600_000 + 1000),
    });
  });

  it('limits sends per guest account per hour, across all mobiles', async () => {
    const app = await c.guest('Busy app');
    const sender = new ConsoleSmsSender(() => {});
    const send = (now?: Date) =>
      startOtp(t.store, {
        mobile: mobile(),
        guestId: app.guestId,
        secret: t.config.secret,
        sender,
        guestHourlyLimit: 3,
        now,
      });
    for (let i = 0; i < 3; i++) await send();
    await assert.rejects(send(), (err: { rule: string; details: { retry_after_seconds: number }; message: string }) => {
      assert.equal(err.rule, 'otp_send_limit');
      assert.match(err.message, /This guest account has sent 3 OTPs this hour/);
      assert.ok(err.details.retry_after_seconds > 3000 && err.details.retry_after_seconds <= 3600);
      return true;
    });
    // Other guest accounts are unaffected, and the window ends after an hour.
    await startOtp(t.store, {
      mobile: mobile(),
      guestId: guest.guestId,
      secret: t.config.secret,
      sender,
      guestHourlyLimit: 3,
    });
    await send(new Date(Date.now() + 3601_000));
  });
});

describe('reference id + mobile + birth year (B7)', () => {
  let t: TestApp;
  let c: Client;
  let guest: { token: string; guestId: number };
  before(async () => {
    t = await testApp();
    c = new Client(t);
    guest = await c.guest();
  });
  after(async () => {
    await t.close();
  });

  it('exchanges matching details for a beneficiary token', async () => {
    const { ref, body } = await c.add(guest.token, { birth_year: '1980' });
    const res = await c.post(
      DOB,
      { beneficiary_reference_id: ref, mobile: body.mobile_number, birth_year: 1980 },
      guest.token,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(claims(res.json().token).sub, String(body.mobile_number));
    assert.equal((await c.get(LINKED, res.json().token)).json().beneficiaries[0].beneficiary_reference_id, ref);
    // Strings work as well as numbers.
    assert.equal(
      (
        await c.post(
          DOB,
          { beneficiary_reference_id: String(ref), mobile: String(body.mobile_number), birth_year: '1980' },
          guest.token,
        )
      ).statusCode,
      200,
    );
  });

  it('locks a reference id for an hour after 5 wrong answers, even for the right one', async () => {
    const { ref, body } = await c.add(guest.token, { birth_year: '1980' });
    const wrong = { beneficiary_reference_id: ref, mobile: body.mobile_number, birth_year: 1979 };
    for (let left = 4; left >= 1; left--)
      expectError(await c.post(DOB, wrong, guest.token), 401, 'USRAUT0020', new RegExp(`${left} tr(y|ies) left`));
    expectError(await c.post(DOB, wrong, guest.token), 401, 'USRAUT0020', /locked for an hour/);
    const right = { ...wrong, birth_year: 1980 };
    const locked = await c.post(DOB, right, guest.token);
    expectError(locked, 429, 'USRAUT0021', /retry after \d+ seconds/);
    assert.ok(locked.json().retry_after_seconds > 3500 && locked.json().retry_after_seconds <= 3600);
    assert.equal(locked.headers['retry-after'], String(locked.json().retry_after_seconds));
    // An hour later the right answer works (through the core, with the clock moved on).
    await assert.rejects(
      verifyMobileDob(t.store, {
        referenceId: ref,
        mobile: String(body.mobile_number),
        birthYear: 1980,
        now: new Date(Date.now() + 59 * 60_000),
      }),
      (err: { rule: string }) => err.rule === 'dob_locked',
    );
    assert.equal(
      await verifyMobileDob(t.store, {
        referenceId: ref,
        mobile: String(body.mobile_number),
        birthYear: 1980,
        now: new Date(Date.now() + 61 * 60_000),
      }),
      String(body.mobile_number),
    );
  });

  it('a right answer resets the count of wrong ones', async () => {
    const { ref, body } = await c.add(guest.token, { birth_year: '1980' });
    const wrong = { beneficiary_reference_id: ref, mobile: body.mobile_number, birth_year: 1979 };
    for (let i = 0; i < 4; i++) await c.post(DOB, wrong, guest.token);
    assert.equal((await c.post(DOB, { ...wrong, birth_year: 1980 }, guest.token)).statusCode, 200);
    expectError(await c.post(DOB, wrong, guest.token), 401, 'USRAUT0020', /4 tries left/);
  });

  it('a deleted beneficiary cannot authenticate', async () => {
    const { ref, body } = await c.add(guest.token, { birth_year: '1980' });
    await c.post('/api/v1/registration/beneficiary/delete', { beneficiary_reference_id: ref }, guest.token);
    expectError(
      await c.post(DOB, { beneficiary_reference_id: ref, mobile: body.mobile_number, birth_year: 1980 }, guest.token),
      401,
      'USRAUT0020',
    );
  });

  it('malformed details are 400s naming the field', async () => {
    expectError(
      await c.post(DOB, { beneficiary_reference_id: 123, mobile: mobile(), birth_year: 1980 }, guest.token),
      400,
      'BENDOC0046',
    );
    expectError(
      await c.post(DOB, { beneficiary_reference_id: 12345678901234, mobile: '12345', birth_year: 1980 }, guest.token),
      400,
      'USRAUT0011',
      /mobile must/,
    );
    expectError(
      await c.post(DOB, { beneficiary_reference_id: 12345678901234, mobile: mobile(), birth_year: 'x' }, guest.token),
      400,
      'BENDOC0035',
    );
    expectError(
      await c.post(DOB, { mobile: mobile(), birth_year: 1980 }, guest.token),
      400,
      'APPOIN0001',
      /beneficiary_reference_id/,
    );
  });
});
