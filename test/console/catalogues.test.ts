// The console's catalogue pages (admin): a kids provider's slots added, a doctor's working
// hours replaced and time off added and removed, each by the same core as /admin/v1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseHours } from '../../src/api/console/catalogues.js';
import { listProviders } from '../../src/core/kids/admin.js';
import { adminGetDoctor, adminListDoctors } from '../../src/core/video/admin.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { poster, session, type Session } from './fixtures.js';

describe('console catalogues', () => {
  let t: TestApp;
  let admin: Session;
  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
  });
  after(() => t?.close());

  const post = (url: string, fields: Record<string, string | number>) => poster(t.app, admin)(url, fields);

  it('reads working hours from lines like "monday 09:00-13:00" and names a bad line', () => {
    assert.deepEqual(parseHours('Monday 09:00-13:00\r\n\n saturday 10:00 - 12:00 '), [
      { weekday: 1, start: '09:00', end: '13:00' },
      { weekday: 6, start: '10:00', end: '12:00' },
    ]);
    assert.throws(() => parseHours('monday 09:00-13:00\nfunday 09:00-10:00'), /line 2 \("funday 09:00-10:00"\)/);
  });

  it('replaces a doctor’s working hours, refusing overlaps with the core’s message', async () => {
    const [doctor] = await adminListDoctors(t.store);
    const code = doctor.doctor.code;
    const bad = await post(`/console/doctors/${code}/hours`, { hours: 'monday 09:00-13:00\nmonday 12:00-14:00' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /working hours overlap on monday/);
    const ok = await post(`/console/doctors/${code}/hours`, { hours: 'tuesday 10:00-12:00\nthursday 14:00-16:00' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(ok.body, /Working hours of .* saved/);
    assert.deepEqual((await adminGetDoctor(t.store, code)).hours, [
      { weekday: 2, start: '10:00', end: '12:00' },
      { weekday: 4, start: '14:00', end: '16:00' },
    ]);
  });

  it('adds and removes a doctor’s time off', async () => {
    const [doctor] = await adminListDoctors(t.store);
    const code = doctor.doctor.code;
    const added = await post(`/console/doctors/${code}/time-off`, {
      starts_at: '2099-01-05T09:00:00Z',
      ends_at: '2099-01-05T13:00:00Z',
      reason: 'conference',
    });
    assert.equal(added.statusCode, 200, added.body);
    const off = (await adminGetDoctor(t.store, code)).time_off.find((o) => o.reason === 'conference')!;
    assert.equal(off.starts_at, '2099-01-05T09:00:00.000Z');
    const wrong = await post(`/console/doctors/${code}/time-off`, {
      starts_at: 'tomorrow',
      ends_at: '2099-01-05T13:00:00Z',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /starts_at must be an ISO-8601 date-time/);
    const removed = await post(`/console/doctors/${code}/time-off/${off.time_off_id}/remove`, {});
    assert.equal(removed.statusCode, 200);
    assert.equal(
      (await adminGetDoctor(t.store, code)).time_off.some((o) => o.time_off_id === off.time_off_id),
      false,
    );
    const again = await post(`/console/doctors/${code}/time-off/${off.time_off_id}/remove`, {});
    assert.equal(again.statusCode, 404);
  });

  it('adds a kids provider’s slots and shows them', async () => {
    const [provider] = await listProviders(t.store);
    const url = `/console/kids/${provider.code}/slots`;
    const res = await post(url, { date: '2099-02-01', from: '09:00', to: '10:00', minutes: 30, capacity: 2 });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, new RegExp(`${provider.code} now has 2 slots on 2099-02-01`));
    assert.match(res.body, /<td>09:00-09:30<\/td><td>2<\/td><td>2<\/td>/);
    const bad = await post(url, { date: '2099-02-30', from: '09:00', to: '10:00', minutes: 30, capacity: 2 });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /date must be a real date/);
  });
});
