// API Setu v2 credentials: x-api-key on every protected call (the published test key only in
// sandbox mode), public reads with or without a key, key scopes, disabled keys, bearer tokens
// bound to the application they were issued through; and the SHA-256 OTP flow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, setApiKeyDisabled } from '../../src/core/cowin/api-keys.js';
import { beneficiaryToken } from '../../src/core/cowin/guests.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { smsSink, type SmsSink } from '../helpers/sms.js';
import { PUBLIC_TEST_KEY, sha256, v2Context, type V2Context } from './helpers.js';

describe('API Setu v2 access', () => {
  let t: TestApp;
  let v: V2Context;
  before(async () => {
    t = await testApp();
    v = await v2Context(t);
  });
  after(async () => t.close());

  const beneficiaries = (headers: Record<string, string>) =>
    t.app.inject({ url: '/api/v4/appointment/beneficiaries', headers });

  it('refuses protected calls without a valid x-api-key, saying what to send', async () => {
    const { authorization } = await v.as('9876500001');
    const none = await beneficiaries({ authorization });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().errorCode, 'USRAUT0001');
    assert.match(none.json().error, /x-api-key/);
    const wrong = await beneficiaries({ authorization, 'x-api-key': 'x'.repeat(40) });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json().error, /unknown or disabled/);
    assert.equal((await beneficiaries({ authorization, 'x-api-key': v.key })).statusCode, 200);
  });

  it('answers an unknown v2 path with 404 and a wrong method with 405 and Allow, in the v2 envelope', async () => {
    const unknown = await t.app.inject({ url: '/api/v2/appointment/sessions/public/findByNothing' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().errorCode, 'APPOIN0404');
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/v2/admin/location/states' });
    assert.equal(wrong.statusCode, 405);
    assert.equal(wrong.json().errorCode, 'APPOIN0405');
    assert.match(wrong.headers.allow as string, /GET/);
  });

  it('accepts the public test key API Setu published, in sandbox mode', async () => {
    const { authorization } = await v.as('9876500001');
    const res = await beneficiaries({ authorization, 'x-api-key': PUBLIC_TEST_KEY });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { beneficiaries: [] });
  });

  it('needs a bearer token on protected operations, from the same application as the key', async () => {
    const noToken = await beneficiaries({ 'x-api-key': v.key });
    assert.equal(noToken.statusCode, 401);
    assert.match(noToken.json().error, /Bearer/);
    const other = await createApiKey(t.store.db, { name: 'Other app' });
    const foreign = await beneficiaryToken(t.config.secret, '9876500001', other.apiKey.guest_id);
    const res = await beneficiaries({ 'x-api-key': v.key, authorization: `Bearer ${foreign}` });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error, /another application/);
    const own = await beneficiaries({ 'x-api-key': other.key, authorization: `Bearer ${foreign}` });
    assert.equal(own.statusCode, 200);
  });

  it('lets public reads go without a key, but checks a key that is sent', async () => {
    assert.equal((await t.app.inject('/api/v2/admin/location/states')).statusCode, 200);
    const bad = await t.app.inject({
      url: '/api/v2/admin/location/states',
      headers: { 'x-api-key': 'nope-nope-nope-nope' },
    });
    assert.equal(bad.statusCode, 401);
  });

  it('keeps public-scope keys to the public operations, and refuses disabled keys at once', async () => {
    const pub = await createApiKey(t.store.db, { name: 'Public only', scope: 'public' });
    const { authorization } = await v.as('9876500001');
    const res = await beneficiaries({ authorization, 'x-api-key': pub.key });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error, /scope public/);
    const ok = await t.app.inject({ url: '/api/v2/admin/location/states', headers: { 'x-api-key': pub.key } });
    assert.equal(ok.statusCode, 200);
    const mine = await createApiKey(t.store.db, { name: 'To disable', guestId: v.guestId });
    assert.equal((await beneficiaries({ authorization, 'x-api-key': mine.key })).statusCode, 200);
    await setApiKeyDisabled(t.store.db, mine.key, true);
    assert.equal((await beneficiaries({ authorization, 'x-api-key': mine.key })).statusCode, 401);
  });

  it('issues vaccinator keys for one real state only, and a state only on vaccinator keys', async () => {
    await assert.rejects(createApiKey(t.store.db, { name: 'State', scope: 'vaccinator' }), /needs its state/);
    await assert.rejects(
      createApiKey(t.store.db, { name: 'State', scope: 'vaccinator', stateId: 99 }),
      /does not exist/,
    );
    await assert.rejects(createApiKey(t.store.db, { name: 'State', stateId: 21 }), /only on vaccinator keys/);
    const { apiKey } = await createApiKey(t.store.db, { name: 'State', scope: 'vaccinator', stateId: 21 });
    assert.equal(apiKey.state_id, 21);
  });

  it('returns hi_IN names of states and districts only when asked, omitting untranslated ones', async () => {
    const hi = (
      await t.app.inject({ url: '/api/v2/admin/location/states', headers: { 'accept-language': 'hi_IN' } })
    ).json();
    assert.equal(hi.ttl, 24);
    const mh = hi.states.find((s: { state_id: number }) => s.state_id === 21);
    assert.equal(mh.state_name, 'Maharashtra');
    assert.equal(mh.state_name_l, 'महाराष्ट्र');
    const en = (await t.app.inject('/api/v2/admin/location/states')).json();
    assert.ok(en.states.every((s: object) => !('state_name_l' in s)));
    const d = (
      await t.app.inject({ url: '/api/v2/admin/location/districts/21', headers: { 'accept-language': 'hi-IN' } })
    ).json();
    const satara = d.districts.find((x: { district_name: string }) => x.district_name === 'Satara');
    assert.equal(satara.district_name_l, 'सतारा');
    assert.ok(d.districts.every((x: { district_name_l?: string }) => x.district_name_l !== ''));
    const unknown = await t.app.inject('/api/v2/admin/location/districts/9999');
    assert.equal(unknown.statusCode, 400);
  });
});

describe('API Setu v2 access in production mode', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({
      env: {
        CARESLOT_MODE: 'production',
        METRICS_TOKEN: 'metrics-token-0123456789',
        SMS_WEBHOOK_URL: 'http://127.0.0.1:59999/sms',
      },
    });
  });
  after(async () => t.close());

  it('refuses the published test key', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/generateOTP',
      headers: { 'x-api-key': PUBLIC_TEST_KEY },
      payload: { mobile: '9876500003' },
    });
    assert.equal(res.statusCode, 401);
  });
});

describe('API Setu v2 OTP', () => {
  let t: TestApp;
  let v: V2Context;
  let sms: SmsSink;
  before(async () => {
    sms = await smsSink();
    const url = sms.url;
    t = await testApp({ env: { SMS_WEBHOOK_URL: url } });
    v = await v2Context(t);
  });
  after(async () => {
    await t.close();
    await sms.close();
  });

  const beneficiaries = (headers: Record<string, string>) =>
    t.app.inject({ url: '/api/v4/appointment/beneficiaries', headers });

  it('sends an OTP through the SMS webhook and confirms its SHA-256 hex for a token (isNewAccount)', async () => {
    const mobile = '9876500002';
    const gen = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/generateOTP',
      headers: { 'x-api-key': v.key },
      payload: { mobile },
    });
    assert.equal(gen.statusCode, 200);
    assert.deepEqual(Object.keys(gen.json()), ['txnId'], 'v2 never sends the OTP in the response');
    const text = sms.texts.find((m) => m.to === mobile);
    const otp = text?.text.match(/^(\d{6}) is your OTP/)?.[1];
    assert.ok(otp, 'the OTP went out through the SMS path');
    const txnId = gen.json().txnId;
    const confirm = (body: object) =>
      t.app.inject({ method: 'POST', url: '/api/v2/auth/confirmOTP', headers: { 'x-api-key': v.key }, payload: body });
    const wrong = await confirm({ otp: sha256('000000'), txnId });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().errorCode, 'USRAUT0014');
    const ok = await confirm({ otp: sha256(otp!), txnId });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().isNewAccount, 'Y');
    const me = await beneficiaries({ 'x-api-key': v.key, authorization: `Bearer ${ok.json().token}` });
    assert.equal(me.statusCode, 200);
    assert.equal((await confirm({ otp: sha256(otp!), txnId })).statusCode, 400, 'a txnId confirms once');
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v2/auth/public/generateOTP', payload: { mobile } });
    assert.equal(noKey.statusCode, 401);
    const badMobile = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/generateOTP',
      headers: { 'x-api-key': v.key },
      payload: { mobile: '12345' },
    });
    assert.equal(badMobile.statusCode, 400);
    assert.equal(badMobile.json().errorCode, 'USRAUT0010');
  });
});
