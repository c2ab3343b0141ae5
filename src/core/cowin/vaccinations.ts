// Vaccination records: `recordDose` writes one dose (vaccine, batch, dose number, date,
// vaccinator, centre) in one transaction, under the rules of dose-rules.ts: doses in order,
// one vaccine per series, the next dose not before its window opens, and only at a centre of
// the key's state that gives that vaccine. A dose given at a centre where the beneficiary has
// a confirmed appointment is linked to it, and the appointment becomes completed once every
// person in it has had their dose there.
import { forUpdate, iso, isUniqueViolation } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import type { Beneficiary, Vaccination } from '../../store/schema.js';
import { completeIn } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import { referenceNumber } from '../shared/ids.js';
import { addDays, isIsoDate, wallClock } from '../shared/time.js';
import { CHANNEL } from './appointments.js';
import { doseRule, DOSE_RULES, statusAfter, type VaccinationStatus } from './dose-rules.js';

export const INDIA = 'Asia/Kolkata';

export interface DoseInput {
  referenceId: number;
  centreId: number;
  vaccine: string;
  batch: string;
  dose: number;
  /** YYYY-MM-DD (India time) the dose was given. */
  givenOn: string;
  vaccinatorName: string;
  /** The vaccinator key: its state bounds both the beneficiary and the centre. */
  apiKeyId: number;
  stateId: number;
  now?: Date;
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A live beneficiary of `stateId` by reference id, locked; others look missing. */
async function lockInState(trx: Tx, store: Store, referenceId: number, stateId: number): Promise<Beneficiary> {
  const b = await forUpdate(
    trx
      .selectFrom('beneficiaries')
      .selectAll()
      .where('reference_id', '=', referenceId)
      .where('state_id', '=', stateId)
      .where('deleted_at', 'is', null),
    store.dialect,
  ).executeTakeFirst();
  if (!b)
    throw new DomainError(
      'beneficiary_not_found',
      `No beneficiary with reference id ${referenceId} is registered in this key's state`,
    );
  return b;
}

async function checkCentre(trx: Tx, centreId: number, stateId: number, vaccine: string): Promise<void> {
  const place = await trx
    .selectFrom('places')
    .select(['id', 'state_id', 'name'])
    .where('id', '=', centreId)
    .where('kind', '=', 'vaccination_centre')
    .executeTakeFirst();
  if (!place)
    throw new DomainError('not_found', `No vaccination centre has center_id ${centreId}`, { field: 'center_id' });
  if (place.state_id !== stateId)
    throw new DomainError(
      'centre_out_of_state',
      `Centre ${centreId} is not in this key's state; a key records doses only in its own state`,
    );
  const gives = await trx
    .selectFrom('place_offerings as po')
    .innerJoin('offerings as o', 'o.id', 'po.offering_id')
    .select('o.id')
    .where('po.place_id', '=', centreId)
    .where('o.kind', '=', 'vaccine')
    .where('o.name', '=', vaccine)
    .executeTakeFirst();
  if (!gives)
    throw new DomainError(
      'vaccine_not_at_centre',
      `Centre ${centreId} (${place.name}) does not give ${vaccine}; record the dose at a centre that does`,
    );
}

function checkOrder(prior: Vaccination[], input: DoseInput, vaccine: string, today: string): void {
  const rule = doseRule(vaccine);
  if (!isIsoDate(input.givenOn))
    throw new DomainError('dose_date_invalid', 'the dose date must be a real date, dd-mm-yyyy');
  if (input.givenOn > today)
    throw new DomainError(
      'dose_date_invalid',
      `the dose date ${input.givenOn} is in the future (today is ${today} in India)`,
    );
  if (input.dose > rule.doses)
    throw new DomainError('dose_out_of_order', `${vaccine} has ${rule.doses} doses; there is no dose ${input.dose}`);
  if (input.dose !== prior.length + 1)
    throw new DomainError(
      'dose_out_of_order',
      prior.length >= input.dose
        ? `dose ${input.dose} was already recorded (on ${prior[input.dose - 1].given_on}); the next dose is ${prior.length + 1}`
        : `dose ${input.dose} cannot come before dose ${prior.length + 1}; record dose ${prior.length + 1} first`,
    );
  const last = prior.at(-1);
  if (!last) return;
  if (last.vaccine !== vaccine)
    throw new DomainError(
      'vaccine_mismatch',
      `dose ${input.dose} must be ${last.vaccine}, the vaccine of the earlier doses`,
    );
  const gap = daysBetween(last.given_on, input.givenOn);
  if (gap < rule.minGapDays)
    throw new DomainError(
      'dose_too_early',
      `dose ${input.dose} of ${vaccine} is due from ${addDays(last.given_on, rule.minGapDays)} (${rule.minGapDays} days after dose ${last.dose} on ${last.given_on}); ${input.givenOn} is too early`,
    );
}

/** The confirmed appointment of this person at this centre, nearest the dose date, if any. */
async function appointmentAt(
  trx: Tx,
  personId: number,
  centreId: number,
  givenOn: string,
): Promise<number | undefined> {
  const rows = await trx
    .selectFrom('bookings as k')
    .innerJoin('booking_people as bp', 'bp.booking_id', 'k.id')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .select(['k.id', 's.start_at'])
    .where('bp.person_id', '=', personId)
    .where('s.place_id', '=', centreId)
    .where('k.channel', '=', CHANNEL)
    .where('k.status', '=', 'confirmed')
    .execute();
  const at = Date.parse(`${givenOn}T12:00:00+05:30`);
  rows.sort((a, b) => Math.abs(Date.parse(a.start_at) - at) - Math.abs(Date.parse(b.start_at) - at));
  return rows[0]?.id;
}

/** Complete the appointment once each of its people has a dose recorded at it. */
async function completeIfAllDone(trx: Tx, store: Store, bookingId: number, now: Date): Promise<void> {
  const people = await trx
    .selectFrom('booking_people')
    .select('person_id')
    .where('booking_id', '=', bookingId)
    .execute();
  const done = await trx
    .selectFrom('vaccinations as v')
    .innerJoin('beneficiaries as b', 'b.id', 'v.beneficiary_id')
    .select('b.person_id')
    .where('v.booking_id', '=', bookingId)
    .execute();
  const vaccinated = new Set(done.map((d) => d.person_id));
  if (people.every((p) => vaccinated.has(p.person_id))) await completeIn(trx, store, bookingId, now);
}

export async function recordDose(store: Store, input: DoseInput): Promise<Vaccination> {
  const now = input.now ?? new Date();
  const vaccine = doseRule(input.vaccine).vaccine;
  const batch = input.batch.trim();
  const vaccinator = input.vaccinatorName.trim();
  if (!batch || batch.length > 50)
    throw new DomainError('invalid', 'vaccine_batch must be 1 to 50 characters', { field: 'vaccine_batch' });
  if (!vaccinator || vaccinator.length > 100)
    throw new DomainError('invalid', 'vaccinator_name must be 1 to 100 characters', { field: 'vaccinator_name' });
  try {
    return await store.tx(async (trx) => {
      const b = await lockInState(trx, store, input.referenceId, input.stateId);
      await checkCentre(trx, input.centreId, input.stateId, vaccine);
      const prior = await dosesOf(trx, b.id);
      checkOrder(prior, input, vaccine, wallClock(now, INDIA).date);
      const bookingId = await appointmentAt(trx, b.person_id, input.centreId, input.givenOn);
      const row = await trx
        .insertInto('vaccinations')
        .values({
          beneficiary_id: b.id,
          dose: input.dose,
          vaccine,
          batch,
          given_on: input.givenOn,
          place_id: input.centreId,
          vaccinator_name: vaccinator,
          booking_id: bookingId ?? null,
          api_key_id: input.apiKeyId,
          certificate_id: referenceNumber(),
          created_at: iso(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (bookingId !== undefined) await completeIfAllDone(trx, store, bookingId, now);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError(
        'dose_out_of_order',
        `dose ${input.dose} was recorded at the same moment by another request`,
      );
    throw err;
  }
}

/** A beneficiary's doses, in order. */
export async function dosesOf(db: Conn, beneficiaryId: number): Promise<Vaccination[]> {
  return db
    .selectFrom('vaccinations')
    .selectAll()
    .where('beneficiary_id', '=', beneficiaryId)
    .orderBy('dose')
    .execute();
}

export interface VaccinationSummary {
  status: VaccinationStatus;
  vaccine: string;
  doses: Vaccination[];
  /** The next dose's number, or 0 when the series is complete. */
  dueDose: number;
  /** The next dose's window (YYYY-MM-DD), when one is due after an earlier dose. */
  dueFrom: string | null;
  dueBy: string | null;
}

export function summarize(doses: Vaccination[]): VaccinationSummary {
  const last = doses.at(-1);
  const rule = last ? DOSE_RULES.find((r) => r.vaccine === last.vaccine) : undefined;
  const status = statusAfter(doses.length, rule);
  const open = last && rule && status !== 'Vaccinated';
  return {
    status,
    vaccine: last?.vaccine ?? '',
    doses,
    dueDose: status === 'Vaccinated' ? 0 : doses.length + 1,
    dueFrom: open ? addDays(last.given_on, rule.minGapDays) : null,
    dueBy: open ? addDays(last.given_on, rule.maxGapDays) : null,
  };
}

/** The summaries of several beneficiaries (by beneficiary row id), in one query. */
export async function summariesOf(db: Conn, beneficiaryIds: number[]): Promise<Map<number, VaccinationSummary>> {
  const out = new Map<number, Vaccination[]>(beneficiaryIds.map((id) => [id, []]));
  if (beneficiaryIds.length > 0) {
    const rows = await db
      .selectFrom('vaccinations')
      .selectAll()
      .where('beneficiary_id', 'in', beneficiaryIds)
      .orderBy('beneficiary_id')
      .orderBy('dose')
      .execute();
    for (const r of rows) out.get(r.beneficiary_id)?.push(r);
  }
  return new Map([...out].map(([id, doses]) => [id, summarize(doses)]));
}
