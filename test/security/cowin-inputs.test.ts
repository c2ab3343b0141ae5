// Issue 15, defects 2–6, 8, 9 and 13 on the Registration & Appointment API: operator login
// under a burst and against enumeration, tokens without exp/aud/iss, and facility sheets with
// a stray quote, Latin-1 bytes, two files, a sandbox centre's identity, or a foreign pincode.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { createOperator, MAX_FAILED } from '../../src/core/cowin/operators.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';
import { get, guestToken, operatorToken } from '../cowin/api-helpers.js';
import { multipart, row, sheet } from '../cowin/sheets.js';

const run = promisify(execFile);

describe('CoWIN inputs under attack', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await testApp();
    const a = await createOperator(t.store.db, {
      email: 'admin@sec.local',
      password: 'admin-password-1',
      role: 'admin',
    });
    admin = await operatorToken(t.config, a.id, 'admin');
  });
  after(async () => {
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/login', payload: { email, password } });

  async function upload(payload: Buffer, headers: Record<string, string>) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/facility/upload',
      payload,
      headers: { ...headers, authorization: `Bearer ${admin}` },
    });
    return { status: res.statusCode, body: res.json() };
  }
  const uploadSheet = (content: string | Buffer) => {
    const m = multipart(content);
    return upload(m.payload, m.headers);
  };

  it('(2) counts each login attempt before the hash: a burst checks at most MAX_FAILED passwords', async () => {
    await createOperator(t.store.db, { email: 'burst@sec.local', password: 'right-password-1', role: 'admin' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => login('burst@sec.local', 'wrong-password-1')));
    // Which attempts win the first MAX_FAILED counts depends on the database's ordering (a pool
    // of connections on PostgreSQL): whichever they are, only they have their password checked.
    const checked = answers.filter((r) => r.statusCode === 401);
    assert.equal(checked.length, MAX_FAILED, `${checked.length} passwords were checked`);
    const locked = answers.filter((r) => r.statusCode === 429);
    assert.equal(locked.length, answers.length - MAX_FAILED, 'every other attempt is refused unchecked');
    assert.ok(locked.every((r) => Number(r.headers['retry-after']) > 0));
    // The right password after the burst is refused unchecked too: the address stays locked.
    // (It is not sent inside the burst: a success clears the count by design, so a right
    // password winning an early count would let later wrong ones be checked again.)
    const right = await login('burst@sec.local', 'right-password-1');
    assert.equal(right.statusCode, 429);
  });

  it('(6) answers an unknown email as an existing one: locked after MAX_FAILED wrong passwords', async () => {
    await createOperator(t.store.db, { email: 'known@sec.local', password: 'right-password-1', role: 'admin' });
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i <= MAX_FAILED; i++) out.push((await login(email, 'wrong-password-1')).statusCode);
      return out;
    };
    const known = await statuses('known@sec.local');
    const unknown = await statuses('nobody@sec.local');
    assert.deepEqual(unknown, known);
    assert.equal(unknown.at(-1), 429);
  });

  it('(5) refuses tokens without exp, aud or iss even when signed with the instance key', async () => {
    const key = createHash('sha256').update(`careslot-tokens:${t.config.secret}`).digest();
    const now = Math.floor(Date.now() / 1000);
    const make = (claims: { exp?: boolean; aud?: boolean; iss?: boolean }) => {
      let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('1').setIssuedAt(now);
      if (claims.exp) jwt = jwt.setExpirationTime(now + 600);
      if (claims.aud) jwt = jwt.setAudience('careslot:guest');
      if (claims.iss) jwt = jwt.setIssuer('careslot');
      return jwt.sign(key);
    };
    const url = '/api/v1/admin/location/states';
    assert.equal((await get(t.app, url, await guestToken(t.config))).status, 200, 'a token we issue works');
    for (const missing of ['exp', 'aud', 'iss'] as const) {
      const token = await make({ exp: true, aud: true, iss: true, [missing]: false });
      const res = await get(t.app, url, token);
      assert.equal(res.status, 401, `a token without ${missing}: ${JSON.stringify(res.body)}`);
    }
  });

  it('(3) refuses a stray quote in an unquoted field as bad data, over HTTP and from the CLI', async () => {
    const bad = sheet([row({ name: 'Sassoon "General Hospital' })]);
    const res = await uploadSheet(bad);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.errorCode, 'USRRES0003');
    assert.match(res.body.message, /quote.*line 2/i);
    const dir = mkdtempSync(join(tmpdir(), 'careslot-quote-'));
    const file = join(dir, 'quote.csv');
    writeFileSync(file, bad);
    const env = { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
    const failed = await run(process.execPath, ['bin/careslot.js', 'import', 'facilities', file, '--json'], {
      env,
    }).catch((e) => e);
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.stdout).errorCode, res.body.errorCode);
  });

  it('(4) refuses a sheet that is not UTF-8, naming the line', async () => {
    const latin1 = Buffer.from(
      sheet([row({ pincode: '411002' }), row({ name: 'Clinique Hôpital', pincode: '411003' })]),
      'latin1',
    );
    const res = await uploadSheet(latin1);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.errors[0].line, 3);
    assert.match(res.body.errors[0].reason, /UTF-8/);
    const written = await t.store.db.selectFrom('places').select('id').where('pincode', '=', 411002).execute();
    assert.equal(written.filter(Boolean).length, 0, 'nothing was imported');
  });

  it('(8) refuses an upload with two file parts and imports neither', async () => {
    const boundary = '----careslot-two-files';
    const part = (name: string, body: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n`;
    const payload = Buffer.from(
      part('one.csv', sheet([row({ pincode: '411004', name: 'First File Clinic' })])) +
        part('two.csv', sheet([row({ pincode: '411004', name: 'Second File Clinic' })])) +
        `--${boundary}--\r\n`,
    );
    const res = await upload(payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.message, /one file/);
    const places = await t.store.db.selectFrom('places').select('name').where('pincode', '=', 411004).execute();
    assert.deepEqual(
      places.filter((p) => /File Clinic/.test(p.name)),
      [],
    );
  });

  it('(9) a sheet row with a sandbox centre’s pincode and name updates that centre', async () => {
    const c = await t.store.db
      .selectFrom('places')
      .innerJoin('states', 'states.id', 'places.state_id')
      .innerJoin('districts', 'districts.id', 'places.district_id')
      .innerJoin('blocks', 'blocks.id', 'places.block_id')
      .select([
        'places.name',
        'places.pincode',
        'states.name as state',
        'districts.name as district',
        'blocks.name as block',
      ])
      .where('places.kind', '=', 'vaccination_centre')
      .where('places.name', 'not like', '%,%')
      .orderBy('places.id')
      .executeTakeFirstOrThrow();
    const res = await uploadSheet(
      sheet([row({ state: c.state, district: c.district, block: c.block, pincode: String(c.pincode), name: c.name })]),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const same = await t.store.db
      .selectFrom('places')
      .select('id')
      .where('pincode', '=', c.pincode!)
      .where('name', '=', c.name)
      .execute();
    assert.equal(same.length, 1, 'no second centre');
  });

  it('(13) refuses a pincode from another district', async () => {
    const beed = await t.store.db
      .selectFrom('blocks')
      .innerJoin('districts', 'districts.id', 'blocks.district_id')
      .select(['blocks.name as block'])
      .where('districts.name', '=', 'Beed')
      .executeTakeFirstOrThrow();
    const res = await uploadSheet(sheet([row({ district: 'Beed', block: beed.block, pincode: '411001' })]));
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.errors[0].reason, /Pincode 411001 is not in Beed/);
  });

  it('(10) answers a long path parameter in the CoWIN envelope', async () => {
    const res = await get(t.app, `/api/v1/admin/location/districts/${'9'.repeat(150)}`, await guestToken(t.config));
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(typeof res.body.errorCode, 'string');
    const anon = await get(t.app, `/api/v1/admin/location/districts/${'9'.repeat(150)}`);
    assert.equal(anon.status, 401, JSON.stringify(anon.body));
    // Credentials before the body: an unparseable or invalid body without a token is 401.
    for (const payload of ['{"not json', '{"name": 5}']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registration/beneficiary/add',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().errorCode, 'USRAUT0001');
    }
  });
});
