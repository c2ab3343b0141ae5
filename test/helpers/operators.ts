// Real operator accounts and their tokens for tests of operator-only endpoints.
import { randomBytes } from 'node:crypto';
import { createOperator } from '../../src/core/cowin/operators.js';
import { signToken } from '../../src/core/shared/tokens.js';
import type { TestDb } from './db.js';

export async function operatorToken(
  t: TestDb,
  role: 'admin' | 'facility',
  opts: { disabled?: boolean } = {},
): Promise<string> {
  const op = await createOperator(t.store.db, {
    email: `op-${randomBytes(4).toString('hex')}@careslot.test`,
    password: 'correct horse battery',
    role,
  });
  if (opts.disabled) await t.store.db.updateTable('operators').set({ disabled: 1 }).where('id', '=', op.id).execute();
  return signToken(t.config.secret, { kind: 'operator', sub: String(op.id), role }, 3600);
}
