// /services, /details and /browse on the sandbox catalogue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { distanceKm } from '../../src/core/kids/catalogue.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { newPartner, sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { P, PRD, RIYADH, bookBody, browseFor, daysAhead } from './fixtures.js';

describe('kids catalogue: /services, /details, /browse', () => {
  let t: TestApp;
  let p: PartnerClient;
  before(async () => {
    t = await testApp();
    p = sandboxPartner(t.app, t.config);
  });
  after(async () => {
    await t.close();
  });

  const open = (url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url: `${P}${url}`, payload: body as object });

  it('/services lists the services of a product code, no credentials needed', async () => {
    const res = await open('/services', { prd_id: PRD });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 1000);
    const services = body.data.info.services;
    assert.equal(services.length, 8);
    const hexa = services.find((s: { id: string }) => s.id === 'kv-hexa');
    assert.deepEqual(hexa.price, { amount: 35000, currency: 'SAR', display: 'SAR 350' });
    assert.deepEqual(hexa.age_range, { min_months: 2, max_months: 18 });
    assert.equal(hexa.doses, 3);
  });

  it('/services: unknown product code is 1004, a missing one 1001 naming the field', async () => {
    let res = await open('/services', { prd_id: 'NOPE' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().status, 1004);
    res = await open('/services', {});
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /prd_id is required/);
    assert.deepEqual(res.json().data.info.fields, ['prd_id']);
  });

  it('a body that is not JSON, or no body at all, is 1001 saying so', async () => {
    let res = await t.app.inject({
      method: 'POST',
      url: `${P}/services`,
      payload: 'prd_id=KV-SANDBOX',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      [res.json().status, res.json().message],
      [
        1001,
        'Content-Type: text/plain is not accepted here; send the body as JSON with Content-Type: application/json',
      ],
    );
    res = await t.app.inject({ method: 'POST', url: `${P}/services`, headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().status, 1001);
    assert.equal(res.json().message, 'the body is missing: send a JSON object');
    res = await t.app.inject({ method: 'POST', url: `${P}/nowhere`, payload: {} });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().status, 1004);
  });

  it('/services verifies credentials when a Cmt is sent', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${P}/services`,
      payload: { prd_id: PRD },
      headers: { authorization: 'Bearer wrong', cmt: 't=1,n=0123456789abcdef,v1=00' },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
    const signed = await p.post(`${P}/services`, { prd_id: PRD });
    assert.equal(signed.json().status, 1000);
  });

  it('/details gives price, age range, doses, inclusions, instructions and where it is given', async () => {
    const res = await open('/details', { id: 'kv-hepa', prd_id: PRD });
    assert.equal(res.statusCode, 200);
    const s = res.json().data.info.service;
    assert.equal(s.name, 'Hepatitis A');
    assert.deepEqual(s.inclusions, ['Vaccine dose', 'Paediatrician check']);
    assert.deepEqual(s.instructions, ["Bring the child's vaccination card"]);
    assert.equal(s.home_visit, false);
    assert.equal(s.clinic, true);
    assert.deepEqual(s.age_range, { min_months: 18, max_months: 215 });
  });

  it('/details: a service of another product code or an unknown one is 1004', async () => {
    for (const body of [
      { id: 'kv-hepa', prd_id: 'OTHER' },
      { id: 'kv-nope', prd_id: PRD },
    ]) {
      const res = await open('/details', body);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().status, 1004);
    }
    const res = await open('/details', { prd_id: PRD });
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /id is required/);
  });

  it('/browse needs Authorization (1002) and Cmt (1003)', async () => {
    const body = { prd_id: PRD, services: ['kv-hexa'], date: daysAhead(1), location: RIYADH };
    let res = await t.app.inject({ method: 'POST', url: `${P}/browse`, payload: body });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
    res = await t.app.inject({
      method: 'POST',
      url: `${P}/browse`,
      payload: body,
      headers: { authorization: p.token },
    });
    assert.equal(res.json().status, 1003);
  });

  it('/browse: providers with every service that reach the location, nearest first, slots with seats only', async () => {
    const providers = await browseFor(p, ['kv-hexa', 'kv-pcv']);
    assert.ok(providers.length >= 3);
    const places = await t.store.db
      .selectFrom('places')
      .selectAll()
      .where(
        'code',
        'in',
        providers.map((x) => x.id),
      )
      .execute();
    for (let i = 0; i < providers.length; i++) {
      const x = providers[i];
      const place = places.find((pl) => pl.code === x.id)!;
      assert.ok(x.distance_km <= x.service_radius_km, `${x.id} reaches the location`);
      assert.ok(Math.abs(distanceKm(RIYADH, { lat: place.lat!, lng: place.lng! }) - x.distance_km) < 0.01);
      if (i > 0) assert.ok(providers[i - 1].distance_km <= x.distance_km, 'nearest first');
      assert.ok(x.slots.length > 0);
      for (const s of x.slots) assert.ok(s.available >= 1);
    }
    // Jeddah providers do not reach Riyadh.
    assert.ok(providers.every((x) => x.id.startsWith('kvp-riyadh')));
  });

  it('/browse: a clinic-only service leaves the home-visit teams out', async () => {
    const providers = await browseFor(p, ['kv-hexa', 'kv-hepa']);
    assert.ok(providers.length > 0);
    assert.ok(providers.every((x) => x.type === 'clinic'));
    const all = await browseFor(p, ['kv-hexa']);
    assert.ok(all.some((x) => x.type === 'home_visit'));
  });

  it('/browse: a slot whose seats are taken disappears; nobody in range gives an empty list', async () => {
    const [home] = (await browseFor(p, ['kv-hexa'])).filter((x) => x.type === 'home_visit');
    const slot = home.slots[0];
    assert.equal(slot.available, 1);
    const res = await p.post(`${P}/book`, bookBody({ provider_id: home.id, slot_id: slot.id }));
    assert.equal(res.json().status, 1000, res.body);
    const again = (await browseFor(p, ['kv-hexa'])).find((x) => x.id === home.id);
    assert.ok(!again?.slots.some((s) => s.id === slot.id), 'the full slot is not offered');
    assert.deepEqual(await browseFor(p, ['kv-hexa'], { location: { lat: 26.4207, lng: 50.0888 } }), []);
  });

  it('/browse: bad input is 1001 naming the field; unknown service 1004; a product code not yours 1004', async () => {
    let res = await p.post(`${P}/browse`, { prd_id: PRD, services: ['kv-hexa'], date: '2026-02-30', location: RIYADH });
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /date must be a real calendar date/);
    res = await p.post(`${P}/browse`, { prd_id: PRD, services: [], date: daysAhead(1), location: RIYADH });
    assert.equal(res.json().status, 1001);
    assert.deepEqual(res.json().data.info.fields, ['services']);
    res = await p.post(`${P}/browse`, {
      prd_id: PRD,
      services: ['kv-hexa'],
      date: daysAhead(1),
      location: { lat: 99, lng: 0 },
    });
    assert.equal(res.json().status, 1001);
    assert.deepEqual(res.json().data.info.fields, ['location.lat']);
    res = await p.post(`${P}/browse`, { prd_id: PRD, services: ['kv-nope'], date: daysAhead(1), location: RIYADH });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /service kv-nope does not exist/);
    const other = await newPartner(t.app, t.store, t.config, 'Other', ['KV-OTHER']);
    res = await other.post(`${P}/browse`, { prd_id: PRD, services: ['kv-hexa'], date: daysAhead(1), location: RIYADH });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /prd_id KV-SANDBOX is not one of your product codes/);
  });

  it('the signed path includes the configured prefix; a signature for another path fails', async () => {
    const body = JSON.stringify({ prd_id: PRD, services: ['kv-hexa'], date: daysAhead(1), location: RIYADH });
    const cmt = signRequest({ secret: p.secret, method: 'POST', url: '/browse', body }).header;
    const res = await t.app.inject({
      method: 'POST',
      url: `${P}/browse`,
      payload: body,
      headers: { 'content-type': 'application/json', authorization: p.token, cmt },
    });
    assert.equal(res.json().status, 1003);
  });
});
