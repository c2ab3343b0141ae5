// import facilities FILE.csv: the facility sheet import of POST /api/v1/admin/facility/upload,
// from a file, as an admin. Streams the file; shows a progress bar on a TTY.
import { SingleBar, Presets } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { sheetErrorBody } from '../api/cowin/errors.js';
import { isDomainError } from '../core/shared/errors.js';
import { importFacilitySheet, SheetError } from '../core/cowin/facility-import.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

export const importFacilities: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, {}, usage);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(`give one sheet file\nusage: careslot ${usage}`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const bar =
    process.stderr.isTTY && !values.json
      ? new SingleBar(
          { format: 'importing {bar} {percentage}% | {rows} rows | {eta_formatted} left', stream: process.stderr },
          Presets.shades_classic,
        )
      : undefined;
  return withStore(async (store) => {
    // Opened only now: a stream read before the importer pipes it would lose its first bytes.
    const input = createReadStream(file);
    bar?.start(size, 0, { rows: 0 });
    try {
      const result = await importFacilitySheet(
        store,
        input,
        { operatorId: null, role: 'admin' },
        { onProgress: (rows) => bar?.update(input.bytesRead, { rows }) },
      );
      bar?.update(size, { rows: result.rows });
      bar?.stop();
      output(
        values.json,
        { status: 'imported', ...result },
        `imported ${result.rows} rows: ${result.centres} centres, ${result.sessions} sessions (created or updated)`,
      );
      return 0;
    } catch (err) {
      bar?.stop();
      if (err instanceof SheetError || (isDomainError(err) && err.rule === 'upload_conflict')) {
        const body: { error: string; message: string; [k: string]: unknown } =
          err instanceof SheetError
            ? sheetErrorBody(err)
            : { errorCode: 'USRRES0007', error: 'UPLOAD_CONFLICT', message: err.message };
        if (values.json) output(true, body);
        else {
          process.stderr.write(`careslot: ${body.error}: ${body.message}\n`);
          for (const h of ['Wrong-Headers', 'Missing-Headers'] as const)
            if ((body[h] as string[] | undefined)?.length)
              process.stderr.write(`  ${h}: ${(body[h] as string[]).join(', ')}\n`);
          for (const e of (body.errors as { line: number; reason: string }[] | undefined) ?? [])
            process.stderr.write(`  line ${e.line}: ${e.reason}\n`);
        }
        return 1;
      }
      throw err;
    }
  });
};
