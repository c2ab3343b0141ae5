// The sandbox's API Setu v2 keys (`x-api-key`): one derived from the instance secret (printed
// at start) and API Setu's published test key (accepted in sandbox mode only), both acting for
// the sandbox guest account. A database seeded before the keys existed gets them at start.
import type { Config } from '../config.js';
import { apiKeyExists, createApiKey, PUBLIC_TEST_KEY } from '../core/cowin/api-keys.js';
import { findEnabledGuest } from '../core/cowin/guests.js';
import type { Conn } from '../store/index.js';
import { sandboxGuestUserName } from './cowin-guest.js';
import { sandboxValue, type SandboxPart } from './credentials.js';

export const sandboxApiKey = (config: Pick<Config, 'secret'>) => sandboxValue(config, 'api-setu-key', 40);

/** Create the sandbox keys that are missing; false when there is no sandbox guest account. */
async function ensureKeys(db: Conn, config: Config): Promise<boolean> {
  const guest = await findEnabledGuest(db, sandboxGuestUserName(config));
  if (!guest) return false;
  const keys = [
    { key: sandboxApiKey(config), name: 'Sandbox API Setu key', sandboxOnly: false },
    { key: PUBLIC_TEST_KEY, name: 'API Setu public test key', sandboxOnly: true },
  ];
  for (const k of keys)
    if (!(await apiKeyExists(db, k.key))) await createApiKey(db, { ...k, scope: 'protected', guestId: guest.id });
  return true;
}

export const cowinApiKeyPart: SandboxPart = {
  name: 'cowin-api-key',
  async seed(trx, config) {
    await ensureKeys(trx, config);
  },
  async credentials(store, config): Promise<Record<string, string>> {
    if (!(await ensureKeys(store.db, config))) return {};
    return { 'x-api-key (API Setu v2)': sandboxApiKey(config) };
  },
};
