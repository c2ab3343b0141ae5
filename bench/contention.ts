// Contention: 1,000 concurrent scheduleAppointment requests, from 1,000 different
// beneficiaries, for one slot of 100 seats. Exactly 100 must succeed and the slot's stored
// count must say 100; every other answer must be the API's "slot full" conflict (409).
import { Agent, request } from 'node:http';
import type { Store } from '../src/store/index.js';
import type { Beneficiary } from './people.js';
import { cowinDate } from './scenarios.js';

export interface ContentionResult {
  requests: number;
  seats: number;
  succeeded: number;
  conflicts: number;
  /** Anything other than 2xx or 409. */
  other: Record<string, number>;
  bookedInDatabase: number;
  ms: number;
  pass: boolean;
}

function post(agent: Agent, url: URL, path: string, token: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.setTimeout(30_000, () => req.destroy());
    req.end(body);
  });
}

export async function contention(
  store: Store,
  baseUrl: string,
  slot: { centreId: number; slotId: number; date: string },
  people: Beneficiary[],
  tokens: string[],
  seats: number,
): Promise<ContentionResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: people.length });
  const started = Date.now();
  const statuses = await Promise.all(
    people.map((b, i) =>
      post(
        agent,
        url,
        '/api/v1/appointment/scheduleAppointment',
        tokens[i],
        JSON.stringify({
          center_id: slot.centreId,
          date: cowinDate(slot.date),
          slot_id: slot.slotId,
          beneficiaries: [b.referenceId],
        }),
      ),
    ),
  );
  const ms = Date.now() - started;
  agent.destroy();
  const succeeded = statuses.filter((s) => s >= 200 && s < 300).length;
  const conflicts = statuses.filter((s) => s === 409).length;
  const other: Record<string, number> = {};
  for (const s of statuses) if (!(s >= 200 && s < 300) && s !== 409) other[String(s)] = (other[String(s)] ?? 0) + 1;
  const row = await store.db
    .selectFrom('slots')
    .select('booked')
    .where('id', '=', slot.slotId)
    .executeTakeFirstOrThrow();
  const booked = Number(row.booked);
  return {
    requests: people.length,
    seats,
    succeeded,
    conflicts,
    other,
    bookedInDatabase: booked,
    ms,
    pass: succeeded === seats && booked === seats && conflicts === people.length - seats,
  };
}
