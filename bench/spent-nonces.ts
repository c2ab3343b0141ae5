// The spent nonces a partner's steady traffic leaves in `partner_nonces` (`--nonces N`).
//
// Every signed request spends one, and each is kept while a request stamped with its time could
// still be accepted, and a minute more (core/partners/nonces.ts): a partner sending R signed
// requests a second, its clock right, keeps about R × 360 rows. A bench run lasts a minute or
// two and starts with none, so without them the signed scenarios measure a table far smaller
// than the one they would meet after ten minutes of the same load.
import { NONCE_KEPT_AFTER_T_SECONDS } from '../src/core/partners/nonces.js';
import { newNonce } from '../src/core/partners/signing.js';
import type { Store } from '../src/store/index.js';

const BATCH = 2_000;

/** Insert `count` spent nonces of `partnerId`, signed at times spread evenly over the window before `now`. */
export async function keepSpentNonces(store: Store, partnerId: number, count: number, now = new Date()): Promise<void> {
  const last = Math.floor(now.getTime() / 1000);
  const span = NONCE_KEPT_AFTER_T_SECONDS - 60; // all still inside the window when the run ends
  for (let i = 0; i < count; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++)
      rows.push({
        partner_id: partnerId,
        t: last - span + Math.floor((j / count) * span),
        nonce: newNonce(),
      });
    await store.db.insertInto('partner_nonces').values(rows).execute();
  }
}
