// Every operation of the OpenAPI document, fed malformed input, answers with a client error in
// its dialect's envelope: never a 500, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

type Json = Record<string, any>;

const BODIES: { label: string; payload: string; type: string }[] = [
  { label: 'no body', payload: '', type: 'application/json' },
  { label: 'broken JSON', payload: '{"a":', type: 'application/json' },
  { label: 'JSON null', payload: 'null', type: 'application/json' },
  { label: 'JSON array', payload: '[1,2]', type: 'application/json' },
  { label: 'empty object', payload: '{}', type: 'application/json' },
  {
    label: 'wrong types',
    payload: JSON.stringify({
      name: 12,
      mobile: {},
      slot_id: [],
      beneficiaries: 'x',
      date: 5,
      prd_id: null,
      id: true,
      otp: [],
      txnId: 1,
      user_name: {},
      location: 'here',
    }),
    type: 'application/json',
  },
  {
    label: 'huge numbers',
    payload: JSON.stringify({
      beneficiary_reference_id: 1e308,
      center_id: -1,
      // biome-ignore lint/correctness/noPrecisionLoss: a number beyond 2^53 on purpose
      slot_id: 9007199254740993,
      mobile: 1e30,
    }),
    type: 'application/json',
  },
  { label: 'text body', payload: 'hello', type: 'text/plain' },
  // PostgreSQL refuses NUL in text: it must be a client error there too, not a server error.
  {
    label: 'NUL characters',
    payload: JSON.stringify({
      name: 'a\u0000b',
      user_name: '\u0000',
      mobile: '98765\u000043210',
      prd_id: '\u0000',
      id: '\u0000',
      services: ['\u0000'],
      email: 'a\u0000@x.in',
      password: '\u0000',
      otp: '\u0000',
      txnId: '\u0000',
      partner_reference: '\u0000',
      booking_id: '\u0000',
    }),
    type: 'application/json',
  },
];

const PARAMS = ['x', '0', '-1', '99999999999999999999', '%00', 'a'.repeat(300)];

describe('malformed input never causes a server error', () => {
  let t: TestApp;
  let doc: Json;
  before(async () => {
    t = await testApp();
    doc = (await t.app.inject('/openapi.json')).json();
  });
  after(async () => {
    await t.close();
  });

  it('answers every operation with a 4xx (or a success) for bad bodies, params and queries', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        for (const param of PARAMS) {
          const url = `${path.replace(/\{[^}]+\}/g, encodeURIComponent(param))}?pin=${encodeURIComponent(param)}&center_id=${encodeURIComponent(param)}&from=${param}&to=${param}&doctor_id=${param}&date=${param}&spec_id=${param}`;
          const bodies = method === 'get' ? [BODIES[0]] : BODIES;
          for (const b of bodies) {
            calls++;
            const res = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url,
              payload: b.payload || undefined,
              headers: { 'content-type': b.type, authorization: 'Bearer not-a-token', cmt: 'garbage' },
            });
            if (res.statusCode >= 500 || /at .+\.[jt]s:\d+/.test(res.body))
              failures.push(
                `${method.toUpperCase()} ${url.slice(0, 80)} (${b.label}) → ${res.statusCode} ${res.body.slice(0, 120)}`,
              );
          }
        }
      }
    }
    assert.ok(calls > 100, `${calls} calls made`);
    assert.deepEqual(failures.slice(0, 20), []);
  });
});
