// Property-based fuzzing over the OpenAPI document, with a fixed budget and a fixed seed so
// that CI runs the same requests every time: for any operation, with or without valid
// credentials, path and query parameters and bodies that follow or break its schemas,
// Careslot answers no 5xx, only statuses the document lists for that operation, and JSON
// bodies valid against the documented schema of that status.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { createOperator } from '../../src/core/cowin/operators.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { beneficiaryToken, guestToken, operatorToken } from '../cowin/api-helpers.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { SchemaArbitraries } from './openapi-arbitraries.js';

type Json = Record<string, any>;

/** The budget: requests per run, and the seed that fixes them. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 15);

interface Operation {
  method: string;
  path: string;
  op: Json;
}

describe('OpenAPI fuzzing', () => {
  let t: TestApp;
  let doc: Json;
  const tokens: Record<string, string> = {};
  before(async () => {
    t = await testApp();
    doc = (await t.app.inject('/openapi.json')).json();
    const admin = await createOperator(t.store.db, {
      email: 'fuzz@sec.local',
      password: 'fuzz-password-1',
      role: 'admin',
    });
    tokens.guestToken = await guestToken(t.config);
    tokens.beneficiaryToken = await beneficiaryToken(t.config, '9876543210');
    tokens.operatorToken = await operatorToken(t.config, admin.id, 'admin');
  });
  after(async () => {
    await t.close();
  });

  it(`answers ${RUNS} generated requests (seed ${SEED}) with documented statuses and bodies, never a 5xx`, async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    // ajv-formats is CommonJS: its plugin is the module's default export.
    type AddFormats = (a: Ajv2020) => unknown;
    const formats = formatsModule as unknown as AddFormats & { default?: AddFormats };
    (formats.default ?? formats)(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const refs = (s: unknown): unknown =>
      JSON.parse(JSON.stringify(s ?? {}).replace(/"#\/components\/schemas\//g, '"doc#/components/schemas/'));
    const operations: Operation[] = [] as Operation[];
    for (const [path, item] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(item))
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) operations.push({ method, path, op });
    assert.ok(operations.length > 40, `${operations.length} operations`);

    const arb = new SchemaArbitraries(doc);
    const partner = sandboxPartnerCredentials(t.config);
    const request = fc.constantFrom(...operations).chain((o) => {
      const params = (o.op.parameters ?? []) as Json[];
      const value = (p: Json) =>
        arb
          .of(p.schema)
          .map((v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)));
      const named = (where: string) => {
        const fields: Record<string, fc.Arbitrary<string>> = Object.fromEntries(
          params.filter((p) => p.in === where).map((p) => [p.name, value(p)]),
        );
        const requiredKeys: string[] = params.filter((p) => p.in === where && p.required).map((p) => p.name);
        return fc.record(fields, { requiredKeys });
      };
      const json = o.op.requestBody?.content?.['application/json']?.schema;
      return fc.record({
        o: fc.constant(o),
        path: named('path'),
        query: named('query'),
        body: json ? arb.of(json) : fc.constant(undefined),
        authenticated: fc.boolean(),
      });
    });

    /** One example per operation, status and kind of failure. */
    const failures = new Map<string, string>();
    const fail = (o: Operation, status: number, kind: string, example: string) => {
      const key = `${o.method.toUpperCase()} ${o.path} → ${status}: ${kind}`;
      if (!failures.has(key)) failures.set(key, example);
    };
    await fc.assert(
      fc.asyncProperty(request, async ({ o, path, query, body, authenticated }) => {
        const pathname = o.path.replace(/\{(\w+)\}/g, (_, name) =>
          encodeURIComponent((path as Record<string, string>)[name] || 'x'),
        );
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        const url = qs ? `${pathname}?${qs}` : pathname;
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
        const schemes = Object.keys((o.op.security ?? []).find((s: Json) => Object.keys(s).length) ?? {});
        if (authenticated && schemes.includes('partnerToken')) {
          headers.authorization = `Bearer ${partner.token}`;
          headers.cmt = signRequest({
            secret: partner.secret,
            method: o.method.toUpperCase(),
            url,
            body: payload,
          }).header;
        } else if (authenticated && schemes.length) headers.authorization = `Bearer ${tokens[schemes[0]]}`;
        const res = await t.app.inject({ method: o.method.toUpperCase() as 'GET', url, payload, headers });
        const where = `${o.method.toUpperCase()} ${url} → ${res.statusCode}`;
        if (res.statusCode >= 500) fail(o, res.statusCode, 'server error', `${where} ${res.body.slice(0, 200)}`);
        const documented = o.op.responses?.[String(res.statusCode)] ?? o.op.responses?.default;
        if (!documented) {
          fail(
            o,
            res.statusCode,
            `not documented (${Object.keys(o.op.responses ?? {}).join(', ')})`,
            `${where} ${res.body.slice(0, 200)}`,
          );
          return;
        }
        const schema = documented.content?.['application/json']?.schema;
        if (!schema || !String(res.headers['content-type'] ?? '').includes('json')) return;
        const validate = ajv.compile(refs(schema) as object);
        if (!validate(res.json()))
          fail(
            o,
            res.statusCode,
            `body does not match: ${ajv.errorsText(validate.errors)}`,
            `${where} ${res.body.slice(0, 200)}`,
          );
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    assert.deepEqual([...failures].slice(0, 40), []);
  });
});
