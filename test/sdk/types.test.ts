// src/client/openapi.ts (the SDK's types) is what `npm run sdk:types` generates from the
// current route schemas: change a route and forget to regenerate, and this fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sdkTypesSource } from '../../scripts/sdk-types.js';

describe('SDK types', () => {
  it('src/client/openapi.ts is up to date with the OpenAPI document (run `npm run sdk:types`)', async () => {
    const committed = readFileSync(new URL('../../src/client/openapi.ts', import.meta.url), 'utf8');
    const fresh = await sdkTypesSource();
    assert.ok(fresh.includes('bookKidsVaccination: {'), 'the generated types name operations by operationId');
    assert.ok(committed === fresh, 'src/client/openapi.ts is out of date: run `npm run sdk:types` and commit it');
  });
});
