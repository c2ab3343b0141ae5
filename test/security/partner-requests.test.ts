// Issue 15, defects 1, 10, 12 and 14 on the partner and admin APIs: JSON bodies only with the
// signature over the bytes received, answers in the partner envelope with auth checked first,
// "Auth: No" endpoints open to a request carrying only Authorization, 405 with Allow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../src/core/partners/signing.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { P, bookBody, browseFor } from '../kids-vaccination/fixtures.js';

describe('partner requests under attack', () => {
  let t: TestApp;
  let a: PartnerClient;
  before(async () => {
    t = await testApp();
    a = sandboxPartner(t.app, t.config);
  });
  after(async () => {
    await t.close();
  });

  it('(1) refuses a form-encoded body, so a signature over nothing cannot cancel a booking', async () => {
    const pr = (await browseFor(a, ['kv-hexa'])).find((p) => p.slots.length > 0)!;
    const booked = await a.post(`${P}/book`, bookBody({ provider_id: pr.id, slot_id: pr.slots[0].id }));
    assert.equal(booked.statusCode, 200, booked.body);
    const id = booked.json().data.info.booking_id;
    const url = `${P}/cancel`;
    const cmt = signRequest({ secret: a.secret, method: 'POST', url, body: '' }).header;
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: `booking_id=${id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${a.token}`, cmt },
    });
    assert.equal(res.json().status === 1000, false, res.body);
    assert.ok([400, 401, 415].includes(res.statusCode), res.body);
    const row = await t.store.db
      .selectFrom('bookings')
      .select('status')
      .where('code', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'held', 'the booking is still live');
  });

  it('(10) checks auth before judging an unparseable body, on partner and admin endpoints', async () => {
    for (const url of [`${P}/browse`, '/admin/v1/kids/services']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        payload: '{"not json',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 401, `${url}: ${res.body}`);
      assert.equal(res.json().status, 1002);
    }
  });

  it('(10) answers a body over the limit with 413 in the envelope', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${P}/browse`,
      payload: `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /too large/);
  });

  it('(10) answers a path parameter over 100 characters in the envelope, auth first', async () => {
    const long = 'x'.repeat(150);
    const anon = await t.app.inject({ method: 'GET', url: `${P}/bookings/${long}` });
    assert.equal(anon.statusCode, 401, anon.body);
    assert.equal(anon.json().status, 1002);
    const signed = await a.get(`${P}/bookings/${long}`);
    assert.ok([400, 404].includes(signed.statusCode), signed.body);
    assert.ok([1001, 1004].includes(signed.json().status), signed.body);
  });

  it('(12) "Auth: No" endpoints accept a request with Authorization and no Cmt', async () => {
    const headers = { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' };
    const services = await t.app.inject({
      method: 'POST',
      url: `${P}/services`,
      payload: { prd_id: 'KV-SANDBOX' },
      headers,
    });
    assert.equal(services.statusCode, 200, services.body);
    const id = services.json().data.info.services[0].id;
    const details = await t.app.inject({
      method: 'POST',
      url: `${P}/details`,
      payload: { prd_id: 'KV-SANDBOX', id },
      headers,
    });
    assert.equal(details.statusCode, 200, details.body);
    const doctor = await t.store.db
      .selectFrom('practitioners')
      .select('code')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const slots = await t.app.inject({
      method: 'GET',
      url: `${t.config.videoPrefix}/slots?doctor_id=${doctor.code}&date=${day}`,
      headers: { authorization: `Bearer ${a.token}` },
    });
    assert.equal(slots.statusCode, 200, slots.body);
    // A Cmt that is sent is still verified.
    const badCmt = await t.app.inject({
      method: 'POST',
      url: `${P}/services`,
      payload: { prd_id: 'KV-SANDBOX' },
      headers: { ...headers, cmt: 't=1,n=abc,v1=00' },
    });
    assert.equal(badCmt.json().status, 1003, badCmt.body);
  });

  it('(14) answers a known path with the wrong method with 405 and Allow, in each dialect', async () => {
    const kids = await t.app.inject({ method: 'GET', url: `${P}/book` });
    assert.equal(kids.statusCode, 405, kids.body);
    assert.equal(kids.headers.allow, 'POST');
    assert.equal(kids.json().status, 1001);
    const cowin = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/guest/login' });
    assert.equal(cowin.statusCode, 405, cowin.body);
    assert.equal(cowin.headers.allow, 'POST');
    assert.equal(typeof cowin.json().errorCode, 'string');
    const video = await t.app.inject({ method: 'POST', url: `${t.config.videoPrefix}/specialities` });
    assert.equal(video.statusCode, 405, video.body);
    assert.match(String(video.headers.allow), /GET/);
    const unknown = await t.app.inject({ method: 'GET', url: `${P}/nothing-here` });
    assert.equal(unknown.statusCode, 404);
  });
});
