// The real server process: first start loads the sandbox, restarts keep data and never load
// it twice, and SIGTERM lets an in-flight request finish before the process exits.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { toCount } from '../../src/store/dialect.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';

describe('server process', () => {
  let t: TestDb;
  let env: Record<string, string>;
  before(async () => {
    t = await testDb({ seeded: false });
    env = { DATABASE_URL: t.url, CARESLOT_SECRET: t.config.secret, SANDBOX_CENTRES: '20' };
  });
  after(async () => {
    await t.drop();
  });

  const count = async (table: 'states' | 'places' | 'people') =>
    toCount(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('loads the sandbox on an empty database and prints where everything is', async () => {
    const server = await startServer(env);
    try {
      const health = await fetch(`${server.base}/healthz`);
      assert.equal(health.status, 200);
      assert.equal((await fetch(`${server.base}/docs/`)).status, 200);
      assert.match(server.output(), /loading the sandbox dataset/);
      assert.match(server.output(), new RegExp(`API hub \\(docs, live samples\\)\\s+${server.base}/docs`));
      assert.ok((await count('states')) >= 36, 'states loaded');
      assert.ok((await count('places')) > 20, 'centres, clinics and the video clinic were loaded');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('keeps data across restarts and does not load the sandbox twice', async () => {
    const places = await count('places');
    await t.store.db
      .insertInto('people')
      .values({
        name: 'Kept Across Restart',
        birth_date: null,
        birth_year: 1990,
        gender: 'Female',
        mobile: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const server = await startServer(env);
    try {
      assert.doesNotMatch(server.output(), /loading the sandbox dataset/);
      assert.equal(await count('places'), places);
      const kept = await t.store.db
        .selectFrom('people')
        .select('name')
        .where('name', '=', 'Kept Across Restart')
        .execute();
      assert.equal(kept.length, 1);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits cleanly', async () => {
    const server = await startServer(env);
    const body = JSON.stringify({ user_name: 'nobody-in-particular' });
    const socket = connect(server.port, '127.0.0.1');
    let response = '';
    socket.on('data', (d) => {
      response += d;
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    // Half a request is in flight when the signal arrives …
    socket.write(
      `POST /api/v1/auth/guest/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    const exit = server.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // … and the rest of it still gets an answer.
    socket.write(body.slice(5));
    await closed;
    assert.match(
      response,
      /^HTTP\/1\.1 \d{3} /,
      `no HTTP response to the in-flight request: ${JSON.stringify(response)}`,
    );
    assert.match(response, /\{"/, 'the response has its JSON body');
    assert.equal(await exit, 0);
    assert.match(server.output(), /shutting down: finishing in-flight requests/);
    // New connections are refused once the server has stopped.
    await assert.rejects(fetch(`${server.base}/healthz`));
  });
});
