// audit: query the audit log of reads of people's records (core/cowin/audit-log.ts), newest
// first, as a table or (--json) one JSON object {entries: [...]}.
import { parseActor, queryAudit } from '../core/cowin/audit-log.js';
import { output, parse, UsageError, withStore, type Run } from './context.js';

export const audit: Run = async (argv, usage) => {
  const { values, positionals } = parse(
    argv,
    {
      actor: { type: 'string' },
      record: { type: 'string' },
      operation: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
    },
    usage,
  );
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals[0]}\nusage: careslot ${usage}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000))
    throw new UsageError(`--limit must be 1 to 1000\nusage: careslot ${usage}`);
  const actor = values.actor === undefined ? undefined : parseActor(values.actor);
  return withStore(async (store) => {
    const entries = await queryAudit(store.db, {
      actorKind: actor?.kind,
      actorId: actor?.id,
      recordRef: values.record,
      operation: values.operation,
      from: values.from,
      to: values.to,
      limit,
    });
    const text = entries.length
      ? entries
          .map((e) => `${e.at}  ${e.actor.padEnd(12)}  ${e.operation.padEnd(34)}  ${e.record_kind} ${e.record_ref}`)
          .join('\n')
      : 'No audit entries match.';
    output(values.json, { entries }, text);
    return 0;
  });
};
