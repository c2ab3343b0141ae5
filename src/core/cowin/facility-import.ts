// Import of a facility sheet: streamed through csv-parse, every row checked, centres and
// sessions written in batches inside ONE transaction that is rolled back if any row is bad
// (all or nothing). Centres are keyed by (kind, external_ref) and sessions by (centre,
// vaccine, start), so importing the same sheet again changes nothing.
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import type { Readable } from 'node:stream';
import { batchSize, isRetryable, iso } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import type { OperatorRole } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import {
  checkHeader,
  overlaps,
  parseRow,
  RowError,
  sessionsOf,
  SHEET_HEADERS,
  type SheetLookups,
  type SheetRow,
} from './facility-sheet.js';
import { opaqueId } from '../shared/ids.js';
import { catalogueChanged } from '../scheduling/changes.js';

/** Bad lines listed in one answer; a sheet with more says how many were left out. */
export const MAX_REPORTED_ERRORS = 1000;
const ROWS_PER_BATCH = 500;

export interface ImportActor {
  operatorId: number | null;
  role: OperatorRole;
}
export interface ImportResult {
  rows: number;
  centres: number;
  sessions: number;
}
export interface LineError {
  line: number;
  reason: string;
}

export class SheetError extends Error {
  constructor(
    public readonly kind: 'not_csv' | 'header' | 'rows' | 'empty' | 'too_large',
    message: string,
    public readonly details: { wrong?: string[]; missing?: string[]; errors?: LineError[]; total?: number } = {},
  ) {
    super(message);
    this.name = 'SheetError';
  }
}

async function lookups(trx: Tx): Promise<SheetLookups> {
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
    vaccine: (n) => byN.get(n),
    vaccineList: [...byN]
      .sort((a, b) => a[0] - b[0])
      .map(([n, v]) => `${n} ${v.name}`)
      .join(', '),
  };
}

interface Pending {
  line: number;
  row: SheetRow;
}

type Span = Pick<SheetRow, 'startDate' | 'endDate' | 'times'> & { line: number };
/** `line|start|end|09:00-11:00;…` */
const packSpan = (line: number, r: SheetRow) =>
  `${line}|${r.startDate}|${r.endDate}|${r.times.map((t) => `${t.from}-${t.to}`).join(';')}`;
function unpackSpan(s: string): Span {
  const [line, startDate, endDate, times] = s.split('|');
  return {
    line: Number(line),
    startDate,
    endDate,
    times: times.split(';').map((t) => ({ from: t.slice(0, 5), to: t.slice(6, 11) })),
  };
}

/** Write one batch of good rows; returns lines refused by what is already stored. */
interface Totals {
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

async function writeBatch(trx: Tx, batch: Pending[], actor: ImportActor, totals: Totals): Promise<LineError[]> {
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

export interface ImportOptions {
  onProgress?: (rows: number) => void;
  /** Whether the input was cut short at a size limit (e.g. an HTTP upload's); then nothing is imported. */
  truncated?: () => boolean;
}

/** Import a facility sheet from a stream of CSV bytes. Throws SheetError; writes nothing then. */
export async function importFacilitySheet(
  store: Store,
  input: Readable,
  actor: ImportActor,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  let attempt = 0;
  try {
    const result = await store.tx(async (trx) => {
      // The stream can be read only once: a transaction that must be retried is reported instead.
      if (attempt++ > 0)
        throw new DomainError(
          'upload_conflict',
          'another upload changed the same centres at the same time; upload the sheet again (it is idempotent)',
        );
      return importIn(trx, input, actor, opts);
    });
    // A large sheet changes the tables' shape enough to mislead the query planner.
    if (result.rows >= 1000) await store.analyze();
    return result;
  } catch (err) {
    if (isRetryable(err))
      throw new DomainError(
        'upload_conflict',
        'another upload changed the same centres at the same time; upload the sheet again (it is idempotent)',
      );
    throw err;
  }
}

function refuseTruncated(opts: ImportOptions): void {
  if (opts.truncated?.())
    throw new SheetError('too_large', 'the sheet is larger than the upload limit; split it into several uploads');
}

async function importIn(trx: Tx, input: Readable, actor: ImportActor, opts: ImportOptions): Promise<ImportResult> {
  const look = await lookups(trx);
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    max_record_size: 64 * 1024,
  });
  let sniffed = false;
  input.on('data', (chunk: Buffer) => {
    // A NUL byte never appears in CSV text: this is a spreadsheet or another binary file.
    if (!sniffed) {
      sniffed = true;
      if (chunk.subarray(0, 8192).includes(0))
        parser.destroy(
          new SheetError(
            'not_csv',
            'the file is not CSV text (binary content, e.g. an .xlsx workbook); save it as CSV',
          ),
        );
    }
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  const errors: LineError[] = [];
  let total = 0;
  const report = (e: LineError) => {
    total++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };
  let header: ReturnType<typeof checkHeader> | undefined;
  let rows = 0;
  let batch: Pending[] = [];
  // Per facility and vaccine, the rows so far as compact strings, to find overlapping rows.
  const seen = new Map<string, string>();
  const totals: Totals = { sessions: 0, daily: new Map() };
  const flush = async () => {
    // After the first bad line nothing more is written: the transaction will be rolled back.
    if (total === 0 && batch.length) for (const e of await writeBatch(trx, batch, actor, totals)) report(e);
    batch = [];
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = checkHeader(record);
        if (!header.ok) {
          throw new SheetError('header', `the header must be exactly: ${SHEET_HEADERS.join(',')}`, {
            wrong: header.wrong,
            missing: header.missing,
          });
        }
        continue;
      }
      rows++;
      const line = info.lines;
      if (record.length !== SHEET_HEADERS.length) {
        report({ line, reason: `has ${record.length} fields; the header has ${SHEET_HEADERS.length}` });
        continue;
      }
      try {
        const row = await parseRow(record, header.index, look);
        const key = `${row.ref}|${row.vaccine_id}`;
        const earlier = seen.get(key);
        const clash = earlier
          ?.split(' ')
          .map(unpackSpan)
          .find((r) => overlaps(r, row));
        if (clash)
          throw new RowError(`repeats sessions of line ${clash.line} (same facility, vaccine, dates and times)`);
        seen.set(key, (earlier ? `${earlier} ` : '') + packSpan(line, row));
        batch.push({ line, row });
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        report({ line, reason: err.message });
      }
      if (batch.length >= ROWS_PER_BATCH) await flush();
      if (rows % 1000 === 0) opts.onProgress?.(rows);
    }
    await flush();
  } catch (err) {
    input.unpipe(parser);
    input.resume();
    refuseTruncated(opts);
    if (err instanceof SheetError || err instanceof DomainError) throw err;
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new SheetError('not_csv', `the file is not valid CSV: ${(err as Error).message}`);
    }
    throw err;
  }
  refuseTruncated(opts);
  opts.onProgress?.(rows);
  if (!header)
    throw new SheetError('empty', 'the file is empty; it needs the header row and at least one facility row');
  if (total > 0) {
    throw new SheetError('rows', `${total} line${total > 1 ? 's are' : ' is'} invalid; nothing was imported`, {
      errors: errors.sort((a, b) => a.line - b.line),
      total,
    });
  }
  if (rows === 0) throw new SheetError('empty', 'the sheet has a header but no facility rows');
  return { rows, centres: totals.daily.size, sessions: totals.sessions };
}
