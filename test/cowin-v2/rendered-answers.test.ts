// The v2 session reads keep whole answers (SessionReads.rendered): an answer is served again
// only while nothing it shows can have changed. Time alone changes it when one of its centres'
// next session starts; a booking at one of its centres changes it at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CentreHeader, SessionReads, type Validity } from '../../src/api/cowin-v2/session-reads.js';
import {
  createBeneficiary,
  createCentre,
  createGuest,
  isoDate,
  type TestCentre,
} from '../cowin/appointment-fixtures.js';
import { beneficiaryToken } from '../cowin/api-helpers.js';
import { testApp, type TestApp } from '../helpers/app.js';

/** Book one seat of the centre's first session through v1, as a new beneficiary. */
async function bookSeat(t: TestApp, centre: TestCentre): Promise<void> {
  const guestId = await createGuest(t.store);
  const b = await createBeneficiary(t.store, guestId, '9000000403', 1980);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/appointment/scheduleAppointment',
    headers: { authorization: `Bearer ${await beneficiaryToken(t.config, '9000000403', guestId)}` },
    payload: {
      center_id: centre.id,
      date: centre.slots[0].date,
      slot_id: centre.slots[0].id,
      beneficiaries: [b.referenceId],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
}

describe('v2 rendered answers', () => {
  let t: TestApp;
  let centre: TestCentre;
  let reads: SessionReads;
  before(async () => {
    t = await testApp();
    reads = new SessionReads(t.store.db, t.config.readCacheMs, t.config.answerCacheMb * 2 ** 20);
    centre = await createCentre(t.store, [5, 5], 1);
  });
  after(async () => {
    await t.close();
  });

  /** `rendered`'s answer (the bytes to send) as text. */
  const text = async (r: SessionReads, ...args: Parameters<SessionReads['rendered']>) =>
    String(await r.rendered(...args));

  function counter(date: string) {
    const state = { builds: 0 };
    const build = (now: Date) => async (centres: CentreHeader[], validity: Validity) => {
      state.builds++;
      let free = 0;
      for (const c of centres) {
        const sessions = await reads.sessionsOf(c, date, 2, now, validity);
        if (c.id === centre.id) for (const s of sessions) for (const x of s.slots) free += x.available;
      }
      return `${state.builds}:${free}`;
    };
    return { state, build };
  }

  it('is rebuilt once one of its centres has a session start, not before', async () => {
    const { build } = counter(isoDate(centre.slots[0].date));
    const filter = { pincode: 411001 };
    const before = new Date(Date.parse(centre.slots[0].start_at) - 3_600_000);
    const after = new Date(Date.parse(centre.slots[0].start_at) + 1000);
    assert.equal(await text(reads, 'test-time', filter, before, build(before)), '1:10');
    assert.equal(await text(reads, 'test-time', filter, before, build(before)), '1:10', 'kept');
    assert.equal(
      await text(reads, 'test-time', filter, after, build(after)),
      '2:5',
      'the first session started: built again, without it',
    );
  });

  it('is rebuilt after a booking at one of its centres', async () => {
    const { build } = counter(isoDate(centre.slots[0].date));
    const filter = { pincode: 411001 };
    const now = new Date(Date.parse(centre.slots[0].start_at) - 3_600_000);
    assert.equal(await text(reads, 'test-booking', filter, now, build(now)), '1:10');
    await bookSeat(t, centre);
    assert.equal(await text(reads, 'test-booking', filter, now, build(now)), '2:9', 'the booking shows at once');
    assert.equal(await text(reads, 'test-booking', filter, now, build(now)), '2:9', 'and is kept again');
  });

  it('keeps about as many bytes of answers as it is given (ANSWER_CACHE_MB)', async () => {
    const filter = { pincode: 411001 };
    const now = new Date(Date.parse(centre.slots[0].start_at) - 3_600_000);
    let builds = 0;
    const build = async () => `answer ${++builds}`;
    // Room for one short answer (its bytes, the entry and one centre: about 430 bytes), not two.
    const small = new SessionReads(t.store.db, t.config.readCacheMs, 500);
    assert.equal(await text(small, 'a', filter, now, build), 'answer 1');
    assert.equal(await text(small, 'a', filter, now, build), 'answer 1', 'kept');
    assert.equal(await text(small, 'b', filter, now, build), 'answer 2');
    assert.equal(await text(small, 'a', filter, now, build), 'answer 3', 'b took its room: a is built again');
    // With the default budget both stay.
    const roomy = new SessionReads(t.store.db, t.config.readCacheMs, t.config.answerCacheMb * 2 ** 20);
    builds = 0;
    assert.equal(await text(roomy, 'a', filter, now, build), 'answer 1');
    assert.equal(await text(roomy, 'b', filter, now, build), 'answer 2');
    assert.equal(await text(roomy, 'a', filter, now, build), 'answer 1', 'both kept');
  });
});
