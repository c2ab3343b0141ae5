// The sandbox operator (an admin): its password is derived from the instance secret so the
// start-up banner can print the login every time while the database keeps only a hash.
import type { Config } from '../config.js';
import { createOperator } from '../core/cowin/operators.js';
import type { SandboxPart } from './credentials.js';
import { sandboxValue } from './credentials.js';

export const SANDBOX_OPERATOR_EMAIL = 'operator@careslot.local';

export function sandboxOperatorPassword(config: Pick<Config, 'secret'>): string {
  return sandboxValue(config, 'operator-password', 20);
}

export const operatorSandboxPart: SandboxPart = {
  name: 'operator',
  async seed(trx, config) {
    await createOperator(trx, {
      email: SANDBOX_OPERATOR_EMAIL,
      password: sandboxOperatorPassword(config),
      role: 'admin',
    });
  },
  async credentials(store, config): Promise<Record<string, string>> {
    const op = await store.db
      .selectFrom('operators')
      .select('id')
      .where('email', '=', SANDBOX_OPERATOR_EMAIL)
      .executeTakeFirst();
    if (!op) return {};
    return { 'operator email': SANDBOX_OPERATOR_EMAIL, 'operator password': sandboxOperatorPassword(config) };
  },
};
