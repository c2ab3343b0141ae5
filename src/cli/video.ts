// video generate-slots: roll every video doctor's slots forward from their working hours
// (the server does it hourly; run it from cron after a long downtime or a bulk change).
import { generateAll } from '../core/video/generate.js';
import { UsageError, output, parse, withStore, type Run } from './context.js';

export const videoGenerateSlots: Run = async (argv, usage) => {
  const { values } = parse(argv, { days: { type: 'string' } }, usage);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 90)) throw new UsageError(`--days must be a whole number from 1 to 90\nusage: careslot ${usage}`);
  await withStore(async (store, config) => {
    const r = await generateAll((fn) => store.tx(fn), store.db, { days: days ?? config.videoSlotDays });
    output(values.json, { ...r }, `slots created ${r.created}, removed ${r.removed}, booked slots kept outside working hours ${r.kept_booked}`);
  });
};
