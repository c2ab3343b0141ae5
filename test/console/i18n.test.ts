// The console's Hindi and Arabic catalogues are complete: every English key is translated, into
// the language's own script, with the same placeholders. A key added to the English catalogue
// without its Hindi and Arabic words fails here (at run time it would fall back to English).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dirOf, messageKeys, missingKeys, translator } from '../../src/api/console/i18n.js';

// Placeholders a message may carry, in any of the usual spellings: {name}, {{name}}, %s, %d.
const PLACEHOLDER = /\{\{?\s*[\w.]+\s*\}?\}|%[sd]/g;
const placeholders = (s: string) => (s.match(PLACEHOLDER) ?? []).sort().join(' ');
const en = translator('en');
const TRANSLATED = [
  { lang: 'hi', script: /\p{Script=Devanagari}/u },
  { lang: 'ar', script: /\p{Script=Arabic}/u },
] as const;

describe('console translations', () => {
  it('finds placeholders, so a changed or dropped one is caught', () => {
    assert.equal(placeholders('{rows} rows in {{centres}} centres, %s'), '%s {rows} {{centres}}');
    assert.notEqual(placeholders('{rows} पंक्तियाँ'), placeholders('{rows} rows in {centres} centres'));
    assert.notEqual(placeholders('{row} سطر'), placeholders('{rows} rows'));
    assert.deepEqual(missingKeys('en'), [], 'English itself is complete');
    assert.ok(messageKeys().length > 100, `the catalogue lists its ${messageKeys().length} keys`);
  });

  for (const { lang, script } of TRANSLATED) {
    it(`${lang}: translates every key of the English catalogue`, () => {
      assert.deepEqual(missingKeys(lang), [], `${lang} lacks these keys: add them to src/api/console/i18n-${lang}.ts`);
    });

    it(`${lang}: keeps every placeholder and writes in its own script`, () => {
      const t = translator(lang);
      const moved = messageKeys().filter((k) => placeholders(t(k)) !== placeholders(en(k)));
      assert.deepEqual(moved, [], `${lang}: these keys' placeholders differ from English`);
      const english = messageKeys().filter((k) => !script.test(t(k)));
      assert.deepEqual(english, [], `${lang}: these keys are not in ${lang}'s script`);
    });
  }

  it('lays Arabic out right to left and the others left to right', () => {
    assert.equal(dirOf('ar'), 'rtl');
    assert.equal(dirOf('hi'), 'ltr');
    assert.equal(dirOf('en'), 'ltr');
  });
});
