// The OpenAPI document is generated from the route schemas: every operation must carry
// request and response schemas with examples, and components have readable names.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

type Json = Record<string, any>;

function hasExample(schema: Json | undefined, doc: Json): boolean {
  if (!schema) return false;
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return hasExample(doc.components?.schemas?.[name], doc);
  }
  if (schema.examples?.length || schema.example !== undefined) return true;
  return false;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  before(async () => {
    t = await testApp();
    const res = await t.app.inject('/openapi.json');
    assert.equal(res.statusCode, 200);
    doc = res.json();
  });
  after(async () => {
    await t.close();
  });

  it('is OpenAPI 3.1 with readable component names', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Careslot');
    for (const name of Object.keys(doc.components?.schemas ?? {})) {
      assert.doesNotMatch(name, /^def-\d+$/, `component ${name} has no readable name: give its schema an $id`);
    }
  });

  it('gives every operation a success response schema with an example, and a body schema with an example', () => {
    const problems: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        const ok = Object.entries<Json>(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const redirects = Object.keys(op.responses ?? {}).some((code) => code.startsWith('3'));
        if (ok.length === 0 && !redirects) problems.push(`${where}: no 2xx (or redirect) response schema`);
        for (const [code, res] of ok) {
          const content = Object.values<Json>(res.content ?? {})[0];
          if (
            code !== '204' &&
            !hasExample(content?.schema, doc) &&
            content?.example === undefined &&
            !content?.examples
          )
            problems.push(`${where}: ${code} response has no example`);
        }
        const body = op.requestBody && Object.values<Json>(op.requestBody.content ?? {})[0];
        if (body && !hasExample(body.schema, doc) && body.example === undefined && !body.examples)
          problems.push(`${where}: request body has no example`);
      }
    }
    assert.ok(operations >= 3, 'the document lists the routes');
    assert.deepEqual(problems, []);
  });

  it('gives every operation a unique lowerCamelCase operationId and exactly one declared tag', () => {
    const declared = new Set((doc.tags ?? []).map((t: Json) => t.name));
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const id = op.operationId;
        if (typeof id !== 'string') problems.push(`${where}: no operationId`);
        else if (!/^[a-z][A-Za-z0-9]*$/.test(id)) problems.push(`${where}: operationId ${id} is not lowerCamelCase`);
        else if (seen.has(id)) problems.push(`${where}: operationId ${id} is also used by ${seen.get(id)}`);
        else seen.set(id, where);
        const tags: unknown[] = op.tags ?? [];
        if (tags.length !== 1) problems.push(`${where}: ${tags.length} tags, expected exactly one (its API)`);
        for (const tag of tags)
          if (!declared.has(tag)) problems.push(`${where}: tag ${tag} is not in the document's tags`);
      }
    }
    assert.ok(seen.size >= 80, `operations with an operationId: ${seen.size}`);
    assert.deepEqual(problems, []);
  });

  it('keeps the official API Setu operationIds on the v2 routes', () => {
    const id = (method: string, path: string) => doc.paths[path]?.[method]?.operationId;
    assert.equal(id('post', '/api/v2/auth/generateOTP'), 'generateOTP');
    assert.equal(id('get', '/api/v4/appointment/sessions/findByPin'), 'findByPin');
    assert.equal(id('get', '/api/v2/appointment/sessions/public/calendarByCenter'), 'calendarByCenter');
    assert.equal(id('post', '/api/v4/appointment/cancel'), 'cancelAppointment');
    assert.equal(id('get', '/api/v4/appointment/appointmentslip/download'), 'downloadAppointmentSlip');
  });
});
