// The sandbox's Vaccinator API: a vaccinator key for Maharashtra (state 21, derived from the
// instance secret and printed at start), and a few beneficiaries of that state already
// vaccinated — one fully with COVAXIN, one partially with COVISHIELD (dose 2 due later), one
// not yet — so certificates and the dose rules can be tried at once.
import type { Config } from '../config.js';
import { apiKeyExists, createApiKey } from '../core/cowin/api-keys.js';
import { findEnabledGuest } from '../core/cowin/guests.js';
import { createPerson } from '../core/scheduling/people.js';
import { referenceNumber } from '../core/shared/ids.js';
import { addDays } from '../core/shared/time.js';
import { iso } from '../store/dialect.js';
import type { Conn, Tx } from '../store/index.js';
import { sandboxGuestUserName } from './cowin-guest.js';
import { sandboxValue, type SandboxPart } from './credentials.js';
import { beneficiaryRow } from '../core/cowin/beneficiaries/rows.js';

export const SANDBOX_VACCINATOR_STATE = 21;
export const sandboxVaccinatorKey = (config: Pick<Config, 'secret'>) =>
  sandboxValue(config, 'api-setu-vaccinator-key', 40);

/** Reference ids of the sandbox's vaccination examples are fixed, so docs and tests can name them. */
export const SANDBOX_VACCINATED = [
  { ref: 10000000000021, name: 'Kavita Deshmukh', vaccine: 'COVAXIN', daysAgo: [70, 35], pan: 'AAAPD2101K' },
  { ref: 10000000000022, name: 'Suresh Patil', vaccine: 'COVISHIELD', daysAgo: [30], pan: 'AAAPP2102K' },
  { ref: 10000000000023, name: 'Meera Joshi', vaccine: null, daysAgo: [], pan: 'AAAPJ2103K' },
] as const;
const MOBILE = '9000021000';

async function ensureKey(db: Conn, config: Config): Promise<boolean> {
  const guest = await findEnabledGuest(db, sandboxGuestUserName(config));
  if (!guest) return false;
  const key = sandboxVaccinatorKey(config);
  if (!(await apiKeyExists(db, key)))
    await createApiKey(db, {
      key,
      name: 'Sandbox vaccinator key (Maharashtra)',
      scope: 'vaccinator',
      stateId: SANDBOX_VACCINATOR_STATE,
      guestId: guest.id,
    });
  return true;
}

/** A centre of the state that gives `vaccine`, or undefined with a small sandbox. */
async function centreGiving(trx: Tx, vaccine: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom('places as p')
    .innerJoin('place_offerings as po', 'po.place_id', 'p.id')
    .innerJoin('offerings as o', 'o.id', 'po.offering_id')
    .select('p.id')
    .where('p.state_id', '=', SANDBOX_VACCINATOR_STATE)
    .where('p.kind', '=', 'vaccination_centre')
    .where('o.name', '=', vaccine)
    .orderBy('p.id')
    .executeTakeFirst();
  return row?.id;
}

async function seedVaccinated(trx: Tx, config: Config, today: string): Promise<void> {
  const guest = await findEnabledGuest(trx, sandboxGuestUserName(config));
  if (!guest) return;
  const at = iso();
  for (const [i, p] of SANDBOX_VACCINATED.entries()) {
    const centre = p.vaccine ? await centreGiving(trx, p.vaccine) : undefined;
    if (p.vaccine && centre === undefined) continue;
    const person = await createPerson(trx, {
      name: p.name,
      birth_year: 1980 + i,
      gender: i === 1 ? 'Male' : 'Female',
      mobile: MOBILE,
    });
    const b = await trx
      .insertInto('beneficiaries')
      .values(
        beneficiaryRow(
          {
            reference_id: p.ref,
            person_id: person.id,
            guest_id: guest.id,
            mobile: MOBILE,
            mobile_slot: i + 1,
            name: p.name,
            birth_year: 1980 + i,
            gender: i === 1 ? 'Male' : 'Female',
            photo_id_type: 6,
            photo_id_number: p.pan,
            state_id: SANDBOX_VACCINATOR_STATE,
          },
          at,
        ),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [d, ago] of p.daysAgo.entries())
      await trx
        .insertInto('vaccinations')
        .values({
          beneficiary_id: b.id,
          dose: d + 1,
          vaccine: p.vaccine!,
          batch: `SBX${21 + i}${d + 1}`,
          given_on: addDays(today, -ago),
          place_id: centre!,
          vaccinator_name: 'Sandbox Nurse',
          booking_id: null,
          api_key_id: null,
          certificate_id: referenceNumber(),
          created_at: at,
        })
        .execute();
  }
}

export function vaccinatorSandboxPart(today: () => string): SandboxPart {
  return {
    name: 'cowin-vaccinator',
    async seed(trx, config) {
      await ensureKey(trx, config);
      await seedVaccinated(trx, config, today());
    },
    async credentials(store, config): Promise<Record<string, string>> {
      if (!(await ensureKey(store.db, config))) return {};
      return {
        'x-api-key (Vaccinator, state 21)': sandboxVaccinatorKey(config),
        'vaccinated beneficiaries': `${SANDBOX_VACCINATED.map((p) => p.ref).join(', ')} (mobile ${MOBILE})`,
      };
    },
  };
}
