// The sandbox partner of the partner APIs: token and secret derived from the instance secret,
// so every start prints them while the database keeps only a hash and a ciphertext.
import type { Config } from '../config.js';
import { createPartnerIn, findPartner } from '../core/partners.js';
import type { Conn } from '../store/index.js';
import type { SandboxPart } from './credentials.js';
import { sandboxValue } from './credentials.js';
import { SANDBOX_PRD_ID } from './kids.js';

export const SANDBOX_PARTNER_ID = 'ptn_sandbox';

export function sandboxPartnerCredentials(config: Pick<Config, 'secret'>): { token: string; secret: string } {
  return { token: sandboxValue(config, 'partner-token'), secret: sandboxValue(config, 'partner-secret') };
}

async function ensureSandboxPartner(db: Conn, config: Config): Promise<void> {
  if (await findPartner(db, SANDBOX_PARTNER_ID)) return;
  const { token, secret } = sandboxPartnerCredentials(config);
  await createPartnerIn(db, config.secret, { code: SANDBOX_PARTNER_ID, name: 'Sandbox partner', prdIds: [SANDBOX_PRD_ID], token, secret });
}

export const sandboxPartnerPart: SandboxPart = {
  name: 'partner',
  seed: (trx, config) => ensureSandboxPartner(trx, config),
  async credentials(store, config) {
    // A database seeded before partners existed gets its sandbox partner now.
    await store.tx((trx) => ensureSandboxPartner(trx, config));
    const { token, secret } = sandboxPartnerCredentials(config);
    return { 'partner id': SANDBOX_PARTNER_ID, 'partner token': token, 'partner secret': secret, 'partner prd_id': SANDBOX_PRD_ID };
  },
};
