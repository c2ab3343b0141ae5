// Writing checked facility-sheet rows: the lookups a row is checked against, and one batch
// of rows written as centres, their vaccines and their sessions (upserts, so a sheet imported
// twice changes nothing). Called by ./facility-import.ts inside its one transaction.
import { sql } from 'kysely';
import { batchSize, iso } from '../../store/dialect.js';
import type { Tx } from '../../store/index.js';
import { catalogueChanged } from '../scheduling/changes.js';
import { opaqueId } from '../shared/ids.js';
import { sessionsOf, type SheetLookups, type SheetRow } from './facility-sheet.js';
import type { ImportActor, LineError } from './facility-import.js';

export async function lookups(trx: Tx): Promise<SheetLookups> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const states = new Map(
    (await trx.selectFrom('states').select(['id', 'name']).execute()).map((s) => [norm(s.name), s.id]),
  );
  const districts = new Map(
    (await trx.selectFrom('districts').select(['id', 'state_id', 'name']).execute()).map((d) => [
      `${d.state_id}|${norm(d.name)}`,
      d.id,
    ]),
  );
  const blocks = new Map<number, Map<string, number>>();
  const pincodes = new Map(
    (await trx.selectFrom('pincodes').select(['pincode', 'district_id']).execute()).map((p) => [
      Number(p.pincode),
      p.district_id,
    ]),
  );
  const vaccines = await trx
    .selectFrom('offerings')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'vaccine')
    .where('code', 'like', 'vt-%')
    .execute();
  const byN = new Map(vaccines.map((v) => [Number(v.code.slice(3)), { id: v.id, name: v.name }]));
  return {
    stateId: (name) => states.get(norm(name)),
    districtId: (stateId, name) => districts.get(`${stateId}|${norm(name)}`),
    async blockId(districtId, name) {
      let m = blocks.get(districtId);
      if (!m) {
        m = new Map(
          (await trx.selectFrom('blocks').select(['id', 'name']).where('district_id', '=', districtId).execute()).map(
            (b) => [norm(b.name), b.id],
          ),
        );
        blocks.set(districtId, m);
      }
      return m.get(norm(name));
    },
    pincodeDistrict: (pincode) => pincodes.get(pincode),
    vaccine: (n) => byN.get(n),
    vaccineList: [...byN]
      .sort((a, b) => a[0] - b[0])
      .map(([n, v]) => `${n} ${v.name}`)
      .join(', '),
  };
}

export interface Pending {
  line: number;
  row: SheetRow;
}

type Span = Pick<SheetRow, 'startDate' | 'endDate' | 'times'> & { line: number };
/** `line|start|end|09:00-11:00;…` */
export const packSpan = (line: number, r: SheetRow) =>
  `${line}|${r.startDate}|${r.endDate}|${r.times.map((t) => `${t.from}-${t.to}`).join(';')}`;
export function unpackSpan(s: string): Span {
  const [line, startDate, endDate, times] = s.split('|');
  return {
    line: Number(line),
    startDate,
    endDate,
    times: times.split(';').map((t) => ({ from: t.slice(0, 5), to: t.slice(6, 11) })),
  };
}

/** Write one batch of good rows; returns lines refused by what is already stored. */
export interface Totals {
  sessions: number;
  /**
   * Per facility, its vaccines' Vaccancy so far as `vaccine:vaccancy,…` (a centre's daily
   * capacity is their sum). Compact strings: a 100,000-centre sheet keeps a few MB here.
   */
  daily: Map<string, string>;
}

function withDaily(current: string | undefined, vaccineId: number, daily: number): string {
  const parts = (current ? current.split(',') : []).filter((p) => !p.startsWith(`${vaccineId}:`));
  parts.push(`${vaccineId}:${daily}`);
  return parts.join(',');
}

export async function writeBatch(trx: Tx, batch: Pending[], actor: ImportActor, totals: Totals): Promise<LineError[]> {
  const errors: LineError[] = [];
  const at = iso();
  const refs = [...new Set(batch.map((p) => p.row.ref))];
  const existing = new Map(
    (
      await trx
        .selectFrom('places')
        .select(['id', 'external_ref', 'owner_id'])
        .where('kind', '=', 'vaccination_centre')
        .where('external_ref', 'in', refs)
        .execute()
    ).map((p) => [p.external_ref!, p]),
  );
  const allowed = batch.filter((p) => {
    const e = existing.get(p.row.ref);
    if (actor.role === 'facility' && e && e.owner_id !== actor.operatorId) {
      errors.push({
        line: p.line,
        reason: `facility "${p.row.name}" (${p.row.pincode}) is managed by another operator; a facility operator may change only its own centres`,
      });
      return false;
    }
    return true;
  });
  if (allowed.length === 0) return errors;
  // One upsert per facility (the last row of the batch wins for its details).
  const byRef = new Map(allowed.map((p) => [p.row.ref, p.row]));
  for (const p of allowed)
    totals.daily.set(p.row.ref, withDaily(totals.daily.get(p.row.ref), p.row.vaccine_id, p.row.daily));
  const dailyOf = (ref: string) =>
    totals.daily
      .get(ref)!
      .split(',')
      .reduce((sum, p) => sum + Number(p.split(':')[1]), 0);
  const places = [...byRef.values()].map((r) => ({
    code: opaqueId('cvc'),
    kind: 'vaccination_centre' as const,
    name: r.name,
    external_ref: r.ref,
    incharge_name: r.incharge,
    mobile: r.mobile,
    address: r.address,
    state_id: r.state_id,
    district_id: r.district_id,
    block_id: r.block_id,
    pincode: r.pincode,
    locality: r.block,
    area: null,
    centre_type: 'Permanent',
    lat: r.lat,
    lng: r.lng,
    service_radius_km: null,
    timezone: 'Asia/Kolkata',
    owner_id: actor.role === 'facility' ? actor.operatorId : null,
    active: 1,
    daily_capacity: dailyOf(r.ref),
    created_at: at,
    updated_at: at,
  }));
  const ids = new Map<string, number>();
  // Centres' details and vaccines are catalogue too (centre listings are cached on it), even
  // when a sheet brings no sessions.
  catalogueChanged(trx);
  for (let i = 0; i < places.length; i += batchSize(23)) {
    const rows = await trx
      .insertInto('places')
      .values(places.slice(i, i + batchSize(23)))
      .onConflict((oc) =>
        oc.columns(['kind', 'external_ref']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          incharge_name: eb.ref('excluded.incharge_name'),
          mobile: eb.ref('excluded.mobile'),
          address: eb.ref('excluded.address'),
          state_id: eb.ref('excluded.state_id'),
          district_id: eb.ref('excluded.district_id'),
          block_id: eb.ref('excluded.block_id'),
          pincode: eb.ref('excluded.pincode'),
          locality: eb.ref('excluded.locality'),
          lat: eb.ref('excluded.lat'),
          lng: eb.ref('excluded.lng'),
          daily_capacity: eb.ref('excluded.daily_capacity'),
          active: 1,
          updated_at: sql`case when places.name = excluded.name and places.incharge_name = excluded.incharge_name and places.mobile = excluded.mobile
          and places.lat = excluded.lat and places.lng = excluded.lng and places.daily_capacity = excluded.daily_capacity
          and places.block_id = excluded.block_id then places.updated_at else excluded.updated_at end`,
        })),
      )
      .returning(['id', 'external_ref'])
      .execute();
    for (const r of rows) ids.set(r.external_ref!, r.id);
  }
  const links = [...new Set(allowed.map((p) => `${ids.get(p.row.ref)}|${p.row.vaccine_id}`))].map((k) => {
    const [place_id, offering_id] = k.split('|').map(Number);
    return { place_id, offering_id };
  });
  for (let i = 0; i < links.length; i += batchSize(2)) {
    await trx
      .insertInto('place_offerings')
      .values(links.slice(i, i + batchSize(2)))
      .onConflict((oc) => oc.columns(['place_id', 'offering_id']).doNothing())
      .execute();
  }
  // Sessions: upsert on (centre, vaccine, start). Capacity never drops below seats already
  // booked: such a session is left alone and its line reported.
  const size = batchSize(9);
  let chunk: {
    line: number;
    v: {
      place_id: number;
      offering_id: number;
      practitioner_id: null;
      start_at: string;
      end_at: string;
      label: string;
      capacity: number;
      created_at: string;
    };
  }[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    catalogueChanged(trx);
    const rows = await trx
      .insertInto('slots')
      .values(chunk.map((c) => c.v))
      .onConflict((oc) =>
        oc
          .columns(['place_id', 'offering_id', 'start_at'])
          .where('practitioner_id', 'is', null)
          .doUpdateSet((eb) => ({
            end_at: eb.ref('excluded.end_at'),
            label: eb.ref('excluded.label'),
            capacity: eb.ref('excluded.capacity'),
          }))
          .where('slots.booked', '<=', (eb) => eb.ref('excluded.capacity')),
      )
      .returning(['place_id', 'start_at'])
      .execute();
    totals.sessions += rows.length;
    if (rows.length < chunk.length) {
      const done = new Set(rows.map((r) => `${r.place_id}|${r.start_at}`));
      for (const c of chunk) {
        if (!done.has(`${c.v.place_id}|${c.v.start_at}`)) {
          errors.push({
            line: c.line,
            reason: `the session on ${c.v.start_at.slice(0, 10)} starting ${c.v.start_at} already has more booked seats than onlineAppointmentVaccancy gives it; raise onlineAppointmentVaccancy`,
          });
        }
      }
    }
    chunk = [];
  };
  for (const p of allowed) {
    const place_id = ids.get(p.row.ref)!;
    for (const s of sessionsOf(p.row)) {
      chunk.push({
        line: p.line,
        v: {
          place_id,
          offering_id: p.row.vaccine_id,
          practitioner_id: null,
          start_at: s.start_at,
          end_at: s.end_at,
          label: s.label,
          capacity: s.capacity,
          created_at: at,
        },
      });
      if (chunk.length >= size) await flush();
    }
  }
  await flush();
  return errors;
}
