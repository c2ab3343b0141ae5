// Photo ID validators: Verhoeff for Aadhaar and the format of each typed ID.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPhotoId,
  isPhotoIdType,
  PHOTO_ID_TYPES,
  verhoeffDigit,
  verhoeffValid,
} from '../../src/core/cowin/photo-id.js';

const ok = (type: number, raw: string) => {
  const r = checkPhotoId(type, raw);
  assert.ok(r.ok, `${raw} should pass for type ${type}: ${!r.ok ? r.message : ''}`);
  return r.number;
};
const bad = (type: number, raw: string, message: RegExp) => {
  const r = checkPhotoId(type, raw);
  assert.ok(!r.ok, `${raw} should fail for type ${type}`);
  assert.match(r.message, message);
};

describe('Verhoeff', () => {
  it('matches the published examples', () => {
    // Classic worked example: 236 has check digit 3; 2363 is valid.
    assert.equal(verhoeffDigit('236'), '3');
    assert.ok(verhoeffValid('2363'));
    assert.ok(!verhoeffValid('2364'));
    assert.equal(verhoeffDigit('12345'), '1');
    assert.ok(verhoeffValid('123451'));
  });
  it('catches every single-digit error and every adjacent transposition of a valid number', () => {
    const base = '23456789012';
    const valid = base + verhoeffDigit(base);
    assert.ok(verhoeffValid(valid));
    for (let i = 0; i < valid.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        assert.ok(!verhoeffValid(valid.slice(0, i) + d + valid.slice(i + 1)), `substitution at ${i}`);
      }
      if (i + 1 < valid.length && valid[i] !== valid[i + 1]) {
        assert.ok(
          !verhoeffValid(valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2)),
          `transposition at ${i}`,
        );
      }
    }
  });
  it('refuses non-digits', () => assert.ok(!verhoeffValid('12a4')));
});

describe('photo ID formats', () => {
  it('has the 13 types of getBeneficiaryIdType', () => {
    assert.deepEqual(
      PHOTO_ID_TYPES.map((t) => t.id),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    );
    assert.ok(isPhotoIdType(13));
    assert.ok(!isPhotoIdType(0) && !isPhotoIdType(14));
  });

  it('Aadhaar: 12 digits, no leading 0/1, Verhoeff check digit; spaces and hyphens accepted', () => {
    const aadhaar = `23456789012${verhoeffDigit('23456789012')}`;
    assert.equal(ok(1, aadhaar), aadhaar);
    assert.equal(ok(1, `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)}-${aadhaar.slice(8)}`), aadhaar);
    bad(1, '999999999999999', /12 digits/);
    bad(1, `1${aadhaar.slice(1)}`, /not starting with 0 or 1/);
    const wrongCheck = aadhaar.slice(0, 11) + String((Number(aadhaar[11]) + 1) % 10);
    bad(1, wrongCheck, /Verhoeff/);
  });

  it('PAN: AAAAA9999A with P (individual) as the fourth letter', () => {
    assert.equal(ok(6, 'abcpe1234f'), 'ABCPE1234F');
    bad(6, 'ABCDE1234F', /fourth letter must be P/);
    bad(6, 'ABCP1234F', /AAAAA9999A/);
    bad(6, 'ABCPE12345', /AAAAA9999A/);
  });

  it('passport, voter ID and driving licence', () => {
    assert.equal(ok(8, 'j8369854'), 'J8369854');
    bad(8, 'Q8369854', /passport/);
    bad(8, 'J0369854', /passport/);
    bad(8, 'J836985', /passport/);
    assert.equal(ok(12, 'abc 1234567'), 'ABC1234567');
    bad(12, 'AB12345678', /voter ID/);
    assert.equal(ok(2, 'MH14 20110062821'), 'MH1420110062821');
    assert.equal(ok(2, 'DL-04-2015-1234567'), 'DL0420151234567');
    bad(2, 'MH14 18110062821', /driving licence/);
    bad(2, '1234567', /driving licence/);
  });

  it('other types take 4 to 30 letters/digits with common separators', () => {
    assert.equal(ok(4, 'mh-01-002-003-004/123'), 'MH-01-002-003-004/123');
    assert.equal(ok(13, 'LA 99 12'), 'LA 99 12');
    bad(7, 'ab', /4 to 30/);
    bad(9, '<script>', /4 to 30/);
    bad(10, '-1234', /starting with a letter or digit/);
  });
});
