// The sandbox partner of the partner APIs: token and secret derived from the instance secret,
// so every start prints them while the database keeps only a hash and a ciphertext.
import type { Config } from '../config.js';
import { createPartnerIn, findPartner } from '../core/partners/partners.js';
import { encryptSecret, tokenHash } from '../core/partners/stored-credentials.js';
import { iso } from '../store/dialect.js';
import type { Conn } from '../store/index.js';
import type { SandboxPart } from './credentials.js';
import { sandboxValue } from './credentials.js';
import { SANDBOX_PRD_ID } from './kids.js';

export const SANDBOX_PARTNER_ID = 'ptn_sandbox';

export function sandboxPartnerCredentials(config: Pick<Config, 'secret'>): { token: string; secret: string } {
  return { token: sandboxValue(config, 'partner-token'), secret: sandboxValue(config, 'partner-secret') };
}

async function ensureSandboxPartner(db: Conn, config: Config): Promise<void> {
  const { token, secret } = sandboxPartnerCredentials(config);
  const existing = await findPartner(db, SANDBOX_PARTNER_ID);
  if (existing) {
    // CARESLOT_SECRET changed since seeding: re-key the sandbox partner so the printed values work.
    if (existing.token_hash !== tokenHash(token)) {
      await db
        .updateTable('partners')
        .set({ token_hash: tokenHash(token), updated_at: iso() })
        .where('id', '=', existing.id)
        .execute();
      await db
        .updateTable('partner_secrets')
        .set({ active: 0, retired_at: iso() })
        .where('partner_id', '=', existing.id)
        .execute();
      await db
        .insertInto('partner_secrets')
        .values({
          partner_id: existing.id,
          secret_enc: encryptSecret(config.secret, secret),
          active: 1,
          created_at: iso(),
          retired_at: null,
        })
        .execute();
    }
    return;
  }
  await createPartnerIn(db, config.secret, {
    code: SANDBOX_PARTNER_ID,
    name: 'Sandbox partner',
    prdIds: [SANDBOX_PRD_ID],
    token,
    secret,
  });
}

export const sandboxPartnerPart: SandboxPart = {
  name: 'partner',
  seed: (trx, config) => ensureSandboxPartner(trx, config),
  async credentials(store, config) {
    // A database seeded before partners existed gets its sandbox partner now.
    await store.tx((trx) => ensureSandboxPartner(trx, config));
    const { token, secret } = sandboxPartnerCredentials(config);
    return {
      'partner id': SANDBOX_PARTNER_ID,
      'partner token': token,
      'partner secret': secret,
      'partner prd_id': SANDBOX_PRD_ID,
    };
  },
};
