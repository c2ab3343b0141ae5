// src/client/openapi.ts and src/client/openapi/ (the SDK's types) are what `npm run sdk:types`
// generates from the current route schemas: change a route and forget to regenerate, and this fails.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sdkTypesFiles } from '../../scripts/sdk-types.js';

const client = new URL('../../src/client/', import.meta.url);

describe('SDK types', () => {
  let generated: Promise<Map<string, string>> | undefined;
  const files = () => (generated ??= sdkTypesFiles());

  it('src/client/openapi.ts and openapi/ are up to date with the OpenAPI document (run `npm run sdk:types`)', async () => {
    const fresh = await files();
    assert.ok(
      [...fresh.values()].some((text) => text.includes('bookKidsVaccination: {')),
      'the generated types name operations by operationId',
    );
    for (const [file, text] of fresh) {
      const committed = readFileSync(new URL(file, client), 'utf8');
      assert.ok(committed === text, `src/client/${file} is out of date: run \`npm run sdk:types\` and commit it`);
    }
    const parts = readdirSync(new URL('openapi/', client)).map((f) => `openapi/${f}`);
    assert.deepEqual(
      parts.filter((f) => !fresh.has(f)),
      [],
      'src/client/openapi/ holds files the generator no longer writes: run `npm run sdk:types`',
    );
  });

  it('keeps every generated file under 400 lines, each API in its own files', async () => {
    const fresh = await files();
    for (const [file, text] of fresh)
      assert.ok(text.split('\n').length < 400, `${file} has ${text.split('\n').length} lines`);
    assert.ok(fresh.has('openapi/kids-vaccination-1.ts') || fresh.has('openapi/kids-vaccination.ts'));
  });
});
