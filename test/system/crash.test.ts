// Crashes: `kill -9` of a real server process under booking load, and of a facility import
// halfway through its sheet. After a restart every acknowledged booking and payment is there,
// no slot holds more than its capacity, and a killed import has written nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGuest } from '../../src/core/cowin/guests.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { createCentre } from '../cowin/appointment-fixtures.js';
import { person } from '../cowin/helpers.js';
import { row, sheet } from '../cowin/sheets.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { TEST_SECRET } from '../helpers/db.js';
import { sandboxPartner } from '../helpers/partner.js';
import { startServer } from '../helpers/server.js';
import { P, bookBody, browseFor } from '../kids-vaccination/fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crashes', () => {
  let t: TestApp;
  let env: Record<string, string>;
  before(async () => {
    t = await testApp();
    env = { DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, CARESLOT_AUTOSEED: '0', LOG_LEVEL: 'warn' };
  });
  after(async () => {
    await t.close();
  });

  it('kill -9 under booking load loses no acknowledged booking or payment and oversells nothing', async () => {
    const providers = await browseFor(sandboxPartner(t.app, t.config), ['kv-hexa']);
    // A few slots, so that they fill up and bookings race for the last seats.
    const slots = providers.flatMap((p) => p.slots.slice(0, 2).map((s) => ({ provider_id: p.id, slot_id: s.id })));
    assert.ok(slots.length >= 4, 'slots to book');
    const { token, secret } = sandboxPartnerCredentials(t.config);
    const server = await startServer(env);
    const acknowledged: { booking_id: string; payment_id: string }[] = [];
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const body = JSON.stringify(bookBody(slots[n++ % slots.length]));
        const cmt = signRequest({ secret, method: 'POST', url: `${P}/book`, body }).header;
        try {
          const res = await fetch(`${server.base}${P}/book`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, cmt },
          });
          const json = (await res.json()) as {
            status: number;
            data: { info: { booking_id: string; payment_id: string } };
          };
          if (res.status === 200) acknowledged.push(json.data.info);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    while (acknowledged.length < 15) await sleep(10);
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    assert.equal(await server.stop(), null, 'killed, not exited');

    const restarted = await startServer(env);
    try {
      for (const ack of acknowledged) {
        const row = await t.store.db
          .selectFrom('bookings')
          .innerJoin('payments', 'payments.booking_id', 'bookings.id')
          .select(['bookings.status', 'payments.code'])
          .where('bookings.code', '=', ack.booking_id)
          .executeTakeFirst();
        assert.ok(row, `acknowledged booking ${ack.booking_id} is there`);
        assert.equal(row.code, ack.payment_id, 'with its payment');
      }
      await assertSeatInvariant(t.store);
      // And the restarted server serves them.
      const last = acknowledged.at(-1)!;
      const url = `${P}/bookings/${last.booking_id}`;
      const res = await fetch(`${restarted.base}${url}`, {
        headers: { authorization: `Bearer ${token}`, cmt: signRequest({ secret, method: 'GET', url }).header },
      });
      assert.equal(res.status, 200);
    } finally {
      assert.equal(await restarted.stop(), 0);
    }
  });

  it('kill -9 under CoWIN registrations and bookings loses no acknowledged beneficiary or appointment', async () => {
    // Both writes are answered around Fastify once the guest account is known (src/api/fast-posts.ts):
    // an answer there too comes only after the commit that holds the write.
    const centre = await createCentre(t.store, [8, 8]);
    const { userName, guest: account } = await createGuest(t.store.db, { name: 'Crash test app' });
    const server = await startServer(env);
    const post = async (path: string, body: unknown, token: string) => {
      const res = await fetch(`${server.base}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const login = await fetch(`${server.base}/api/v1/auth/guest/login`, {
      method: 'POST',
      body: JSON.stringify({ user_name: userName }),
      headers: { 'content-type': 'application/json' },
    });
    const guest = await login.text();
    const registered: number[] = [];
    const booked: string[] = [];
    let stop = false;
    let n = 0;
    const worker = async () => {
      while (!stop) {
        const slot = centre.slots[n++ % centre.slots.length];
        try {
          const add = await post('/api/v1/registration/beneficiary/add', person(), guest);
          if (add.status !== 200) continue;
          const ref = add.json.beneficiary_reference_id as number;
          registered.push(ref);
          const body = { center_id: centre.id, date: slot.date, slot_id: slot.id, beneficiaries: [ref] };
          const res = await post('/api/v1/appointment/scheduleAppointment', body, guest);
          if (res.status === 200) booked.push(String(res.json.appointment_confirmation_no));
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    while (booked.length < 12) await sleep(10);
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    assert.equal(await server.stop(), null, 'killed, not exited');

    const refs = await t.store.db
      .selectFrom('beneficiaries')
      .select('reference_id')
      .where('guest_id', '=', account.id)
      .execute();
    const kept = new Set(refs.map((r) => Number(r.reference_id)));
    for (const ref of registered) assert.ok(kept.has(ref), `acknowledged beneficiary ${ref} is there`);
    for (const code of booked) {
      const row = await t.store.db.selectFrom('bookings').select('status').where('code', '=', code).executeTakeFirst();
      assert.equal(row?.status, 'confirmed', `acknowledged appointment ${code} is there`);
    }
    await assertSeatInvariant(t.store);
  });

  it('kill -9 of a facility import halfway through its sheet writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-crash-'));
    const fifo = join(dir, 'sheet.csv');
    execFileSync('mkfifo', [fifo]);
    const rows = Array.from({ length: 1500 }, (_, i) => row({ name: `Crash Test Clinic ${i}` }));
    const text = sheet(rows);
    const child = spawn(process.execPath, ['bin/careslot.js', 'import', 'facilities', fifo, '--json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Send the first two thirds of the sheet and keep the pipe open: the importer has read,
    // checked and written (inside its transaction) a thousand rows, two batches, and waits for more.
    const writer = createWriteStream(fifo);
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.write(text.slice(0, Math.floor((text.length * 2) / 3)), () => resolve());
    });
    await sleep(500);
    assert.equal(child.exitCode, null, 'the import is still running');
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    writer.destroy();

    const written = await t.store.db
      .selectFrom('places')
      .select('id')
      .where('name', 'like', 'Crash Test Clinic %')
      .execute();
    assert.equal(written.length, 0, 'no centre of the killed import');
    // The database is not left locked: a sheet imports afterwards.
    const file = join(dir, 'after.csv');
    writeFileSync(file, sheet(rows.slice(0, 5)));
    const out = execFileSync(process.execPath, ['bin/careslot.js', 'import', 'facilities', file, '--json'], {
      env: { ...process.env, ...env },
    });
    assert.equal(JSON.parse(out.toString()).centres, 5);
    rmSync(dir, { recursive: true, force: true });
  });
});
