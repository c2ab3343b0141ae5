// One operator verification for every API (core/cowin/operators.ts verifyOperator), and CoWIN
// guards that check the account behind a token on their own, without any route module
// installing the check.
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { after, before, describe, it } from 'node:test';
import { cowinGuards } from '../../src/api/cowin/auth.js';
import { CowinErrorBody, installCowinErrors } from '../../src/api/cowin/errors.js';
import { createGuest } from '../../src/core/cowin/guests.js';
import { createOperator, verifyOperator } from '../../src/core/cowin/operators.js';
import { signToken } from '../../src/core/shared/tokens.js';
import { testDb, type TestDb } from '../helpers/db.js';

describe('operator tokens', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb();
  });
  after(async () => {
    await t.drop();
  });

  let n = 0;
  const operator = async (role: 'admin' | 'facility') => {
    const op = await createOperator(t.store.db, { email: `tok-${++n}@test.local`, password: 'token-password-1', role });
    return { op, token: await signToken(t.config.secret, { kind: 'operator', sub: String(op.id), role }, 3600) };
  };
  const refusal = (rule: string, message: RegExp) => ({ rule, message });

  it('verifyOperator gives the operator, or says which rule the token breaks', async () => {
    const { op, token } = await operator('facility');
    const verify = (tok: string | undefined, roles?: Array<'admin' | 'facility'>) =>
      verifyOperator(t.store.db, t.config.secret, tok, { roles });
    assert.deepEqual(await verify(token), { id: op.id, role: 'facility' });
    assert.deepEqual(await verify(token, ['admin', 'facility']), { id: op.id, role: 'facility' });

    await assert.rejects(verify(undefined), refusal('operator_token_missing', /Authorization header is missing/));
    await assert.rejects(verify('not-a-jwt'), refusal('operator_token_invalid', /not valid/));
    const guest = await signToken(t.config.secret, { kind: 'guest', sub: String(op.id), role: 'facility' }, 3600);
    await assert.rejects(verify(guest), refusal('operator_token_invalid', /not valid/));
    const expired = await signToken(
      t.config.secret,
      { kind: 'operator', sub: String(op.id), role: 'facility' },
      60,
      new Date(Date.now() - 3600_000),
    );
    await assert.rejects(verify(expired), refusal('token_expired', /has expired; log in again/));
    const roleless = await signToken(t.config.secret, { kind: 'operator', sub: String(op.id) }, 3600);
    await assert.rejects(verify(roleless), refusal('operator_token_invalid', /carries no role/));
    await assert.rejects(
      verify(token, ['admin']),
      refusal('operator_role', /needs an operator with role admin; yours is facility/),
    );
  });

  it('verifyOperator refuses a token whose account was disabled, removed or given another role', async () => {
    const disabled = await operator('admin');
    await t.store.db.updateTable('operators').set({ disabled: 1 }).where('id', '=', disabled.op.id).execute();
    await assert.rejects(
      verifyOperator(t.store.db, t.config.secret, disabled.token),
      refusal('operator_token_invalid', /is disabled$/),
    );

    const removed = await operator('admin');
    await t.store.db.deleteFrom('operators').where('id', '=', removed.op.id).execute();
    await assert.rejects(
      verifyOperator(t.store.db, t.config.secret, removed.token),
      refusal('operator_token_invalid', /no longer exists$/),
    );

    const demoted = await operator('admin');
    await t.store.db.updateTable('operators').set({ role: 'facility' }).where('id', '=', demoted.op.id).execute();
    await assert.rejects(
      verifyOperator(t.store.db, t.config.secret, demoted.token),
      refusal('operator_token_invalid', /role changed to facility/),
    );
  });

  it('the CoWIN guards check accounts by themselves, in the store they were built with', async () => {
    // A bare app with only the guards and the error table: no route module of the dialect registered.
    const app = Fastify({ logger: false });
    app.addSchema(CowinErrorBody);
    installCowinErrors(app);
    const guards = cowinGuards(t.config, t.store);
    app.get('/guest', { preHandler: guards.guest }, async () => ({ ok: true }));
    app.get('/operator', { preHandler: guards.operator }, async (req) => ({ operator: req.cowinOperator }));
    await app.ready();
    const get = (url: string, token: string) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    const { guest } = await createGuest(t.store.db, { name: 'Guard test' });
    const guestToken = await signToken(t.config.secret, { kind: 'guest', sub: String(guest.id) }, 900);
    assert.equal((await get('/guest', guestToken)).statusCode, 200);
    await t.store.db.updateTable('guests').set({ disabled: 1 }).where('id', '=', guest.id).execute();
    assert.deepEqual((await get('/guest', guestToken)).json(), {
      errorCode: 'USRAUT0001',
      error: 'Unauthenticated access!',
    });

    const { op, token } = await operator('facility');
    assert.deepEqual((await get('/operator', token)).json(), { operator: { id: op.id, role: 'facility' } });
    const wrongKind = await get('/operator', guestToken);
    // A disabled guest's token is still a validly signed guest token: the hint names its kind.
    assert.equal(wrongKind.json().errorCode, 'USRAUT0002');
    await t.store.db.updateTable('operators').set({ disabled: 1 }).where('id', '=', op.id).execute();
    const refused = await get('/operator', token);
    assert.equal(refused.statusCode, 401);
    // The CoWIN dialect answers in the real CoWIN's words, whatever the core's reason.
    assert.deepEqual(refused.json(), { errorCode: 'USRAUT0001', error: 'Unauthenticated access!' });
    await app.close();
  });
});
