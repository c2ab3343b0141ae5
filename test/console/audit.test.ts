// The console's audit log: every lookup (found or not) is recorded with the operator, and only
// admins can read the log, filtered by actor, record and operation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryAudit } from '../../src/core/cowin/audit-log.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { appointment, session, type Appointment, type Session } from './fixtures.js';

describe('console audit log', () => {
  let t: TestApp;
  let admin: Session;
  let facility: Session;
  let booked: Appointment;

  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
    facility = await session(t, 'facility');
    booked = await appointment(t.store);
  });
  after(async () => t.close());

  const get = (s: Session, url: string) => t.app.inject({ url, headers: { cookie: s.cookie } });
  /** The operator id of a console session (its token's subject). */
  const idOf = (s: Session) => Number(JSON.parse(Buffer.from(s.cookie.split('.')[1], 'base64url').toString()).sub);

  it('records every lookup, found or not, with the operator and what was shown', async () => {
    assert.equal((await get(admin, `/console/lookup?q=${booked.confirmationNo}`)).statusCode, 200);
    assert.equal((await get(facility, `/console/lookup?q=${booked.confirmationNo}`)).statusCode, 200);
    assert.equal((await get(admin, '/console/lookup?q=99999999999999')).statusCode, 200);
    const rows = async (s: Session) =>
      (await queryAudit(t.store.db, { actorKind: 'operator', actorId: idOf(s) }))
        .map((e) => `${e.operation} ${e.record_kind} ${e.record_ref}`)
        .sort();
    assert.deepEqual(await rows(admin), [
      `consoleLookup appointment ${booked.confirmationNo}`,
      `consoleLookup lookup ${booked.confirmationNo}`,
      'consoleLookup lookup 99999999999999',
    ]);
    assert.deepEqual(
      await rows(facility),
      [`consoleLookup lookup ${booked.confirmationNo}`],
      'a facility operator sees no appointment of a centre it does not run, but its lookup is recorded',
    );
  });

  it('lets admins query the log and keeps it from facility operators', async () => {
    const page = await get(admin, `/console/audit?actor=operator:${idOf(facility)}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<td>operator:${idOf(facility)}</td><td>consoleLookup</td>`));
    assert.doesNotMatch(page.body, /99999999999999/, 'filtered to that operator');
    const bad = await get(admin, '/console/audit?actor=root');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /actor must be key:ID, operator:ID or guest:ID/);
    assert.equal((await get(facility, '/console/audit')).statusCode, 403);
    assert.doesNotMatch((await get(facility, '/console')).body, /href="\/console\/audit"/);
  });
});
