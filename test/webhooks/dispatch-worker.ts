// A separate process running the dispatcher against a database until nothing is due (three
// empty passes in a row), printing what it attempted: two of these at once show that
// dispatchers in different processes never deliver the same attempt twice.
import { dispatchOnce } from '../../src/core/webhooks/dispatcher.js';
import { openStore } from '../../src/store/index.js';
import { TEST_SECRET } from '../helpers/db.js';

const [url, nowIso] = process.argv.slice(2);
const store = openStore(url, { poolSize: 5 });
const now = new Date(nowIso);
let attempted = 0;
for (let empty = 0; empty < 3; ) {
  const r = await dispatchOnce({ store, instanceSecret: TEST_SECRET, now: () => now, allowPrivate: true, batch: 2 });
  attempted += r.attempted;
  empty = r.attempted === 0 ? empty + 1 : 0;
}
await store.close();
process.stdout.write(`${JSON.stringify({ attempted })}\n`);
