// Sandbox credentials (guest user, operator, partner) are derived from the instance secret,
// so every start can print them again while the database keeps only hashes/ciphertexts.
import { createHmac } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store, Tx } from '../store/index.js';

/** A stable sandbox value for `label`: hex of HMAC(secret, label), `length` characters. */
export function sandboxValue(config: Pick<Config, 'secret'>, label: string, length = 32): string {
  return createHmac('sha256', config.secret).update(`careslot-sandbox:${label}`).digest('hex').slice(0, length);
}

/** One dialect's sandbox accounts: created with the dataset, printed at start. */
export interface SandboxPart {
  name: string;
  /** Create the accounts inside the seeding transaction. */
  seed(trx: Tx, config: Config): Promise<void>;
  /** Lines to print at start, e.g. { 'guest user_name': '…' }. */
  credentials(store: Store, config: Config): Promise<Record<string, string>>;
}
