// video generate-slots: roll every video doctor's slots forward from their working hours
// (the server does it hourly; run it from cron after a long downtime or a bulk change).
// --now plans from a given instant instead of the current time (tests, replaying a day).
import { generateAll } from '../core/video/generate.js';
import { UsageError, output, parse, withStore, type Run } from './context.js';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant an ISO-8601 timestamp with a zone names, or undefined (a 30 February is refused, not rolled over). */
function instant(text: string): Date | undefined {
  const m = ISO_INSTANT.exec(text);
  const at = new Date(text);
  if (!m || Number.isNaN(at.getTime())) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d ? at : undefined;
}

export const videoGenerateSlots: Run = async (argv, usage) => {
  const { values } = parse(argv, { days: { type: 'string' }, now: { type: 'string' } }, usage);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 90))
    throw new UsageError(`--days must be a whole number from 1 to 90\nusage: careslot ${usage}`);
  const now = values.now === undefined ? undefined : instant(values.now);
  if (values.now !== undefined && !now) {
    throw new UsageError(
      `--now must be an ISO-8601 timestamp with a time zone, e.g. 2025-03-01T09:00:00Z\nusage: careslot ${usage}`,
    );
  }
  await withStore(async (store, config) => {
    const r = await generateAll((fn) => store.tx(fn), store.db, {
      days: days ?? config.videoSlotDays,
      now: now ?? new Date(),
    });
    output(
      values.json,
      { ...r },
      `slots created ${r.created}, removed ${r.removed}, booked slots kept outside working hours ${r.kept_booked}`,
    );
  });
};
