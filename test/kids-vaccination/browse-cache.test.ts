// /browse caches each provider's day of slots: in one process a booking, a cancellation or a
// hold running out must show in the very next answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browse } from '../../src/core/kids/catalogue.js';
import { book, cancel, confirm } from '../../src/core/scheduling/bookings.js';
import { cacheCounts } from '../../src/core/shared/cache-stats.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { type PartnerClient, sandboxPartner } from '../helpers/partner.js';
import { type BrowseProvider, browseFor, daysAhead, P, PRD, RIYADH } from './fixtures.js';

describe('kids /browse sees every change made in this process at once', () => {
  let t: TestApp;
  let p: PartnerClient;
  before(async () => {
    t = await testApp();
    p = sandboxPartner(t.app, t.config);
  });
  after(() => t.close());

  const seatsOf = async (slotId: string, date: string) => {
    for (const prov of await browseFor(p, ['kv-hexa'], { date }))
      for (const s of prov.slots) if (s.id === slotId) return s.available;
    return 0;
  };

  it('a booking takes its seats from the next /browse, a cancellation gives them back', async () => {
    const date = daysAhead(2);
    const [first] = await browseFor(p, ['kv-hexa'], { date });
    const slot = first.slots[0];
    assert.equal(await seatsOf(slot.id, date), slot.available, 'cached answer still the same');
    const { booking } = await book(t.store, { slotId: Number(slot.id), status: 'confirmed', channel: 'test' });
    assert.equal(await seatsOf(slot.id, date), slot.available - 1);
    await cancel(t.store, booking.id);
    assert.equal(await seatsOf(slot.id, date), slot.available);
  });

  it('a slot booked full is no longer offered', async () => {
    const date = daysAhead(3);
    const [first] = await browseFor(p, ['kv-hexa'], { date });
    const slot = first.slots[0];
    await book(t.store, { slotId: Number(slot.id), seats: slot.available, status: 'confirmed', channel: 'test' });
    const again = await browseFor(p, ['kv-hexa'], { date });
    assert.ok(!again.some((x) => x.slots.some((s) => s.id === slot.id)));
  });

  it('an expired hold gives its seats back; a hold confirmed in time keeps them after its expiry', async () => {
    const date = daysAhead(4);
    const now = new Date();
    const q = { prdId: PRD, services: ['kv-hexa'], date, location: RIYADH };
    const seats = async (at: Date, id: number) =>
      (await browse(t.store.db, { ...q, now: at })).providers.flatMap((x) => x.slots).find((s) => s.id === String(id))
        ?.available ?? 0;
    const [a, b] = (await browse(t.store.db, { ...q, now })).providers[0].slots;
    const idA = Number(a.id);
    const idB = Number(b.id);
    await book(t.store, { slotId: idA, status: 'held', holdMinutes: 1, channel: 'test', now });
    const held = await book(t.store, { slotId: idB, status: 'held', holdMinutes: 1, channel: 'test', now });
    assert.equal(await seats(now, idA), a.available - 1);
    assert.equal(await seats(now, idB), b.available - 1);
    // Confirmed within its hold: no seat changes hands, so nothing tells the cache.
    await confirm(t.store, held.booking.id, new Date(now.getTime() + 30_000));
    const later = new Date(now.getTime() + 2 * 60_000);
    assert.equal(await seats(later, idA), a.available, 'the expired hold counts as free');
    assert.equal(await seats(later, idB), b.available - 1, 'the confirmed booking still holds its seat');
  });
});

describe('kids /browse keeps whole answers, and only while they are current', () => {
  // The app's clock starts at the moment the sandbox's slots were made and is moved by the
  // test, so what "now" passes is the test's choice, not the hour it runs at.
  let clock = new Date();
  let t: TestApp;
  let p: PartnerClient;
  before(async () => {
    clock = new Date();
    t = await testApp({ now: () => clock });
    p = sandboxPartner(t.app, t.config);
  });
  after(() => t.close());
  const hits = () => cacheCounts().find((c) => c.cache === 'kids_browse' && c.result === 'hit')?.count ?? 0;
  const body = (date: string) => ({ prd_id: PRD, services: ['kv-hexa'], date, location: RIYADH });

  it('gives a repeated browse the kept text, the same as a fresh one', async () => {
    const date = daysAhead(5);
    const first = await p.post(`${P}/browse`, body(date));
    assert.equal(first.statusCode, 200, first.body);
    const before = hits();
    const again = await p.post(`${P}/browse`, body(date));
    assert.equal(hits(), before + 1, 'the second browse is a kept answer');
    assert.equal(again.body, first.body);
    assert.equal(again.headers['content-type'], first.headers['content-type']);
    assert.ok(JSON.parse(again.body).data.info.providers.length > 0);
    // Another location is another answer.
    const elsewhere = await p.post(`${P}/browse`, { ...body(date), location: { lat: 24.8, lng: 46.7 } });
    assert.equal(elsewhere.statusCode, 200);
    assert.equal(hits(), before + 1);
  });

  it('stops showing a slot once it has started, and gives back an expired hold, with time alone', async () => {
    const date = daysAhead(6);
    const shown = async () =>
      JSON.parse((await p.post(`${P}/browse`, body(date))).body).data.info.providers as BrowseProvider[];
    const [first] = await shown();
    const [a, b] = first.slots;
    await shown(); // kept from here on
    await book(t.store, { slotId: Number(b.id), status: 'held', holdMinutes: 1, channel: 'test', now: clock });
    const seatsOfB = async () => (await shown())[0].slots.find((s) => s.id === b.id)?.available ?? 0;
    assert.equal(await seatsOfB(), b.available - 1);
    // Two minutes on, the hold has run out: its seat is free again (no booking changed anything).
    clock = new Date(clock.getTime() + 2 * 60_000);
    assert.equal(await seatsOfB(), b.available);
    // Just after the first slot's start, it is no longer offered.
    await shown();
    clock = new Date(Date.parse(a.start) + 1);
    const after = (await shown()).find((x) => x.id === first.id);
    assert.ok(after && !after.slots.some((s) => s.id === a.id), 'a slot that has started is not offered');
    assert.ok(after.slots.some((s) => s.id === b.id));
  });
});
