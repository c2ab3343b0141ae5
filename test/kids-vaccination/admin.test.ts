// Operators manage the kids catalogue through /admin/v1/kids/...; partners see the result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signToken } from '../../src/core/shared/tokens.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { operatorToken } from '../helpers/operators.js';
import { newPartner } from '../helpers/partner.js';
import { P, bornMonthsBefore, daysAhead } from './fixtures.js';

describe('kids catalogue admin API', () => {
  let t: TestApp;
  let admin: string;
  let facility: string;
  before(async () => {
    t = await testApp();
    admin = await operatorToken(t, 'admin');
    facility = await operatorToken(t, 'facility');
  });
  after(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, token = admin) =>
    t.app.inject({
      method,
      url: `/admin/v1/kids${url}`,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('needs an admin operator token: none, a bad one, a facility operator or a partner-like token are 1002', async () => {
    for (const token of [
      '',
      'not-a-jwt',
      facility,
      await signToken(t.config.secret, { kind: 'guest', sub: '1' }, 3600),
    ]) {
      const res = await call('GET', '/providers', undefined, token);
      assert.equal(res.statusCode, 401, token);
      assert.equal(res.json().status, 1002);
    }
    const expired = await signToken(
      t.config.secret,
      { kind: 'operator', sub: '1', role: 'admin' },
      60,
      new Date(Date.now() - 3600_000),
    );
    assert.match((await call('GET', '/providers', undefined, expired)).json().message, /expired/);
    const disabled = await operatorToken(t, 'admin', { disabled: true });
    const refused = await call('GET', '/providers', undefined, disabled);
    assert.equal(refused.json().status, 1002);
    assert.match(refused.json().message, /disabled or no longer exists/);
  });

  it('an operator builds a new catalogue that a partner with that product code can browse and book', async () => {
    let res = await call('POST', '/services', {
      prd_id: 'KV-ACME',
      id: 'acme-flu',
      name: 'Flu shot',
      price_minor: 9050,
      min_age_months: 6,
      max_age_months: 120,
      doses: 1,
      inclusions: ['Vaccine dose'],
      instructions: ['Tell the nurse about allergies'],
      home_visit: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().data.info.service.price, { amount: 9050, currency: 'SAR', display: 'SAR 90.50' });
    res = await call('POST', '/providers', {
      prd_id: 'KV-ACME',
      name: 'Acme Home Team',
      type: 'home_visit',
      lat: 24.7,
      lng: 46.7,
      service_radius_km: 20,
      services: ['acme-flu'],
    });
    assert.equal(res.statusCode, 200, res.body);
    const provider = res.json().data.info.provider;
    assert.deepEqual(provider.services, ['acme-flu']);
    const date = daysAhead(2);
    res = await call('POST', `/providers/${provider.id}/slots`, {
      date,
      from: '09:00',
      to: '12:00',
      minutes: 60,
      capacity: 2,
    });
    assert.equal(res.statusCode, 200, res.body);
    const slots = res.json().data.info.slots;
    assert.deepEqual(
      slots.map((s: { label: string }) => s.label),
      ['09:00-10:00', '10:00-11:00', '11:00-12:00'],
    );
    assert.equal(slots[0].start, new Date(`${date}T06:00:00Z`).toISOString(), '09:00 in Riyadh is 06:00 UTC');
    // Adding the same plan again adds nothing.
    res = await call('POST', `/providers/${provider.id}/slots`, {
      date,
      from: '09:00',
      to: '12:00',
      minutes: 60,
      capacity: 2,
    });
    assert.equal(res.json().data.info.slots.length, 3);
    res = await call('GET', `/providers/${provider.id}/slots?date=${date}`);
    assert.equal(res.json().data.info.slots.length, 3);

    const partner = await newPartner(t.app, t.store, t.config, 'Acme', ['KV-ACME']);
    const services = await t.app.inject({ method: 'POST', url: `${P}/services`, payload: { prd_id: 'KV-ACME' } });
    assert.deepEqual(
      services.json().data.info.services.map((s: { id: string }) => s.id),
      ['acme-flu'],
    );
    const browse = await partner.post(`${P}/browse`, {
      prd_id: 'KV-ACME',
      services: ['acme-flu'],
      date,
      location: { lat: 24.71, lng: 46.69 },
    });
    assert.deepEqual(
      browse.json().data.info.providers.map((x: { id: string }) => x.id),
      [provider.id],
    );
    const bookAcme = (reference: string, slotId: string) =>
      partner.post(`${P}/book`, {
        prd_id: 'KV-ACME',
        partner_reference: reference,
        services: ['acme-flu'],
        provider_id: provider.id,
        slot_id: slotId,
        child: { name: 'Omar', birth_date: bornMonthsBefore(24, date), gender: 'male' },
        guardian: { name: 'Sara', mobile: '0501234567' },
      });
    const book = await bookAcme('acme-1', slots[0].id);
    assert.equal(book.json().status, 1000, book.body);
    assert.equal(book.json().data.info.amount.display, 'SAR 90.50');

    // Deactivating the service removes it from /services.
    res = await call('PATCH', '/services/acme-flu', { active: false });
    assert.equal(res.json().data.info.service.active, false);
    const none = await t.app.inject({ method: 'POST', url: `${P}/services`, payload: { prd_id: 'KV-ACME' } });
    assert.equal(none.json().status, 1004);
    res = await call('GET', '/services?prd_id=KV-ACME');
    assert.equal(res.json().data.info.services.length, 1, 'operators still see inactive services');
    // /book keeps the catalogue it read (per catalogue version): the change shows there at once too.
    const again = await bookAcme('acme-2', slots[1].id);
    assert.equal(again.json().status, 1004, again.body);
    assert.match(again.json().message, /acme-flu/);
  });

  it('refuses bad catalogue input with 1001/1004 naming the problem', async () => {
    let res = await call('POST', '/services', {
      prd_id: 'KV-ACME',
      name: 'Bad',
      price_minor: 1,
      min_age_months: 10,
      max_age_months: 2,
      doses: 1,
    });
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /min_age_months must not be above max_age_months/);
    res = await call('POST', '/services', {
      prd_id: 'KV-ACME',
      name: 'No price',
      min_age_months: 1,
      max_age_months: 2,
      doses: 1,
    });
    assert.equal(res.json().status, 1001);
    assert.match(res.json().message, /price_minor is required/);
    res = await call('POST', '/providers', {
      prd_id: 'KV-SANDBOX',
      name: 'X',
      type: 'clinic',
      lat: 24,
      lng: 46,
      service_radius_km: 5,
      services: ['nope'],
    });
    assert.equal(res.json().status, 1004);
    res = await call('POST', '/providers', {
      prd_id: 'KV-SANDBOX',
      name: 'X',
      type: 'clinic',
      lat: 24,
      lng: 46,
      service_radius_km: 5,
      services: ['kv-hexa'],
      timezone: 'Mars/Base',
    });
    assert.match(res.json().message, /not an IANA time zone/);
    res = await call('POST', '/providers/kvp-riyadh-c1/slots', {
      date: daysAhead(3),
      from: '12:00',
      to: '09:00',
      minutes: 60,
      capacity: 1,
    });
    assert.equal(res.json().status, 1001);
    res = await call('POST', '/providers/kvp-nope/slots', {
      date: daysAhead(3),
      from: '09:00',
      to: '10:00',
      minutes: 60,
      capacity: 1,
    });
    assert.equal(res.json().status, 1004);
    res = await call('PATCH', '/providers/kvp-riyadh-c1', { service_radius_km: 1 });
    assert.equal(res.json().data.info.provider.service_radius_km, 1);
  });
});
