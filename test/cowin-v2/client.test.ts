// Must-show of issue 12: a client generated from the official YAML runs against a real
// sandbox server (spawned as a user would run it), changed only in its base URL, through the
// whole flow: OTP → confirm → beneficiaries → find sessions → schedule → slip PDF → cancel.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { testDb, type TestDb } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { PUBLIC_TEST_KEY, printedOtps } from './helpers.js';
import { YamlClient } from './yaml-client.js';

describe('a client generated from the official YAML, against the sandbox', () => {
  let db: TestDb;
  let server: RunningServer;
  before(async () => {
    db = await testDb();
    server = await startServer({ DATABASE_URL: db.url, CARESLOT_SECRET: db.config.secret });
  });
  after(async () => {
    await server.stop();
    await db.drop();
  });

  it('books, downloads the slip and cancels, unchanged but for its base URL', async () => {
    assert.match(server.output(), /x-api-key \(API Setu v2\)\s+\S{40}/, 'the sandbox prints its key at start');
    // API Setu's published test key, hard-coded as clients do.
    const client = new YamlClient(`${server.base}/api`, PUBLIC_TEST_KEY);
    const mobile = '9812345670';
    /** The next OTP the sandbox prints for the mobile (after the `seen` printed before). */
    const nextOtp = (seen: number) => async () => {
      for (let i = 0; i < 50; i++) {
        const otps = printedOtps(server.output(), mobile.slice(-4));
        if (otps.length > seen) return otps[seen];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the sandbox printed no OTP');
    };
    const first = await client.login(mobile, nextOtp(0));
    assert.equal(first.isNewAccount, 'Y');
    assert.deepEqual((await client.json('beneficiaries')).beneficiaries, []);

    const registered = await client.json('Beneficiary Registration for Partner Applications', {
      body: {
        name: 'Kavya Iyer',
        birth_year: '1984',
        gender_id: 2,
        photo_id_type: 6,
        photo_id_number: 'KAVPI1984K',
        consent_version: '1',
      },
    });
    const ref: string = registered.beneficiary_reference_id;
    assert.match(ref, /^\d{14}$/);

    // Find an adult session with seats: states → districts → 7-day calendar → the day by pincode.
    const { states } = await client.json('states');
    const state = states.find((s: { state_name: string }) => s.state_name === 'Maharashtra');
    const { districts } = await client.json('districts', { path: { state_id: String(state.state_id) } });
    const tomorrow = new Date(Date.now() + 86_400_000 + 330 * 60_000).toISOString().slice(0, 10);
    const date = tomorrow.split('-').reverse().join('-');
    let found: { pincode: string; session: Record<string, any> } | undefined;
    for (const d of districts) {
      const { centers } = await client.json('calendarByDistrict', {
        query: { district_id: String(d.district_id), date, precaution_flag: 'false' },
      });
      for (const c of centers)
        for (const s of c.sessions)
          if (!found && s.available_capacity > 0 && s.min_age_limit <= 18 && s.max_age_limit === undefined)
            found = { pincode: c.pincode, session: s };
      if (found) break;
    }
    assert.ok(found, 'the sandbox has an adult session with seats in Maharashtra');
    const { sessions } = await client.json('findByPin', {
      query: { pincode: found.pincode, date: found.session.date },
    });
    const session = sessions.find((s: { session_id: string }) => s.session_id === found!.session.session_id);
    assert.ok(session, 'findByPin shows the calendar’s session');

    const booked = await client.json('schedule', {
      body: {
        center_id: session.center_id,
        session_id: session.session_id,
        beneficiaries: [ref],
        slot: session.slots[0],
        is_precaution: false,
        dose: 1,
      },
    });
    const appointmentId: string = booked.appointment_confirmation_no;
    const after1 = await client.json('findByPin', { query: { pincode: found.pincode, date: session.date } });
    const seats = after1.sessions.find(
      (s: { session_id: string }) => s.session_id === session.session_id,
    ).available_capacity;
    assert.equal(seats, session.available_capacity - 1, 'the booking took one seat');
    const [me] = (await client.json('beneficiaries')).beneficiaries;
    assert.equal(me.appointments[0].appointment_id, appointmentId);
    assert.equal(me.appointments[0].slot, session.slots[0]);

    const slip = await client.call('downloadAppointmentSlip', { query: { appointment_id: appointmentId } });
    assert.equal(slip.status, 200);
    assert.equal(slip.headers.get('content-type'), 'application/pdf');
    const pdf = await PDFDocument.load(new Uint8Array(await slip.arrayBuffer()));
    assert.equal(pdf.getPageCount(), 1);
    assert.match(pdf.getTitle() ?? '', new RegExp(appointmentId));

    const cancelled = await client.call('cancelAppointment', {
      body: { appointment_id: appointmentId, beneficiariesToCancel: [ref] },
    });
    assert.equal(cancelled.status, 204);
    assert.deepEqual((await client.json('beneficiaries')).beneficiaries[0].appointments, []);

    const again = await client.login(mobile, nextOtp(1));
    assert.equal(again.isNewAccount, 'N', 'the mobile now has a beneficiary');
  });
});
