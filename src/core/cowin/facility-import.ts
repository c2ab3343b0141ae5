// Import of a facility sheet: streamed through csv-parse, every row checked, centres and
// sessions written in batches inside ONE transaction that is rolled back if any row is bad
// (all or nothing). Centres are keyed by (kind, external_ref) and sessions by (centre,
// vaccine, start), so importing the same sheet again changes nothing.
import { CsvError, parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { isRetryable } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import type { OperatorRole } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { checkHeader, overlaps, parseRow, RowError, SHEET_HEADERS } from './facility-sheet.js';
import { lookups, packSpan, type Pending, type Totals, unpackSpan, writeBatch } from './facility-write.js';
import { Utf8Lines } from './sheet-encoding.js';

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

export interface ImportOptions {
  onProgress?: (rows: number) => void;
  /** Whether the input was cut short at a size limit (e.g. an HTTP upload's); then nothing is imported. */
  truncated?: () => boolean;
  /** Runs after the last row, before the commit; throwing rolls the import back (e.g. a second file in the upload). */
  beforeCommit?: () => Promise<void>;
}

const notUtf8 = (line: number) =>
  new SheetError('rows', '1 line is invalid; nothing was imported', {
    errors: [
      {
        line,
        reason:
          'is not UTF-8 text (e.g. a Latin-1 or Windows-1252 accent); save the sheet as "CSV UTF-8" and upload it again',
      },
    ],
    total: 1,
  });

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
  const utf8 = new Utf8Lines();
  input.on('data', (chunk: Buffer) => {
    // A NUL byte never appears in CSV text: this is a spreadsheet or another binary file.
    if (!sniffed) {
      sniffed = true;
      if (chunk.subarray(0, 8192).includes(0))
        return parser.destroy(
          new SheetError(
            'not_csv',
            'the file is not CSV text (binary content, e.g. an .xlsx workbook); save it as CSV',
          ),
        );
    }
    const bad = utf8.push(chunk);
    if (bad !== null) parser.destroy(notUtf8(bad));
  });
  input.on('end', () => {
    const bad = utf8.end();
    if (bad !== null) parser.destroy(notUtf8(bad));
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
    // Any CSV syntax error (an unclosed quote, a stray quote in an unquoted field…): csv-parse's
    // codes do not all start with CSV_, so its error class decides. Its message names the line.
    if (err instanceof CsvError) throw new SheetError('not_csv', `the file is not valid CSV: ${err.message}`);
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
  await opts.beforeCommit?.();
  return { rows, centres: totals.daily.size, sessions: totals.sessions };
}
