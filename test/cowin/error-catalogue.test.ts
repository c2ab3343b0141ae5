// Every errorCode the code can answer with is in the catalogue, and docs/cowin-errors.md is
// the catalogue's current copy.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cowinErrorsMarkdown } from '../../scripts/cowin-errors-doc.js';
import { COWIN_ERRORS } from '../../src/api/cowin/error-codes.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('CoWIN error catalogue', () => {
  it('lists every errorCode used in the Registration & Appointment API', () => {
    const used = new Set<string>();
    for (const file of sources('src/api/cowin')) {
      if (file.endsWith('error-codes.ts')) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([A-Z]{6}\d{4})['"`]/g)) used.add(m[1]);
    }
    assert.ok(used.size > 5, 'codes were found in the sources');
    const missing = [...used].filter((c) => !(c in COWIN_ERRORS));
    assert.deepEqual(missing, [], 'add these codes to src/api/cowin/error-codes.ts');
  });

  it('is published in docs/cowin-errors.md (run `npm run docs:errors` after changing it)', () => {
    assert.equal(readFileSync('docs/cowin-errors.md', 'utf8'), cowinErrorsMarkdown());
  });
});
