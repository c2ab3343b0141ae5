// A separate process that fires N concurrent book attempts at one slot and prints how many
// succeeded; used to show that capacity holds across processes, not just inside one.
import { book } from '../../src/core/scheduling/bookings.js';
import { openStore } from '../../src/store/index.js';

const [url, slotId, attempts] = process.argv.slice(2);
const store = openStore(url, { poolSize: 5 });
const results = await Promise.allSettled(
  Array.from({ length: Number(attempts) }, () =>
    book(store, { slotId: Number(slotId), status: 'confirmed', channel: 'test' }),
  ),
);
const ok = results.filter((r) => r.status === 'fulfilled').length;
const other = results
  .filter((r) => r.status === 'rejected' && (r.reason as { kind?: string }).kind !== 'slot_unavailable')
  .map((r) => String((r as PromiseRejectedResult).reason));
await store.close();
process.stdout.write(`${JSON.stringify({ ok, other })}\n`);
