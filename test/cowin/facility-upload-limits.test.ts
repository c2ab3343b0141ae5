// A sheet over FACILITY_UPLOAD_MAX_MB is refused with 413 and nothing of it is imported, even
// though its first rows were valid and already streamed into the transaction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOperator } from '../../src/core/cowin/operators.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { operatorToken } from './api-helpers.js';
import { multipart, row, sheet } from './sheets.js';

describe('facility upload size limit', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await testApp({ env: { FACILITY_UPLOAD_MAX_MB: '1' } });
    const op = await createOperator(t.store.db, { email: 'big@test.local', password: 'big-password-1', role: 'admin' });
    admin = await operatorToken(t.config, op.id, 'admin');
  });
  after(async () => {
    await t.close();
  });

  it('refuses a sheet over the limit with 413 USRRES0006 and imports none of its rows', async () => {
    const rows = Array.from({ length: 8000 }, (_, i) =>
      row({ pincode: '411010', name: `Limit Centre ${i}`, start: undefined, end: undefined }),
    );
    const content = sheet(rows);
    assert.ok(content.length > 1024 * 1024, 'the sheet is over 1 MB');
    const body = multipart(content);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/facility/upload',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${admin}` },
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().errorCode, 'USRRES0006');
    assert.equal(res.json().error, 'FILE_TOO_LARGE');
    const places = await t.store.db.selectFrom('places').select('id').where('pincode', '=', 411010).execute();
    assert.equal(places.length, 0, 'nothing of the truncated sheet was imported');
  });
});
