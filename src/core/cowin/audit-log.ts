// The audit log of reads of people's records: which key or operator read which record, when,
// through which operation. Written in the same request that reads (a failed write fails the
// read: no trail, no data). The lesson of June 2023, when a partner lookup answered any mobile
// number with a family's records: every read by mobile, reference id or confirmation number
// leaves a row here, and an admin can query them (CLI `careslot audit`, GET /admin/v1/audit,
// the console's audit page).
import { iso, fixedLimit } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import type { AuditActorKind, AuditEntryRow } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';

export interface AuditActor {
  kind: AuditActorKind;
  id: number;
}

/** What was read: a beneficiary (by reference id), a mobile's list, an appointment, a certificate. */
export type RecordKind = 'beneficiary' | 'mobile' | 'appointment' | 'certificate' | 'lookup';

export interface AuditRead {
  operation: string;
  recordKind: RecordKind;
  /** The record's id as the caller named it (a reference id, a masked mobile, a confirmation number). */
  recordRef: string;
}

/** Record reads (one row each) by one actor at `now`. */
export async function recordReads(db: Conn, actor: AuditActor, reads: AuditRead[], now = new Date()): Promise<void> {
  if (reads.length === 0) return;
  const at = iso(now);
  await db
    .insertInto('audit_log')
    .values(
      reads.map((r) => ({
        at,
        actor_kind: actor.kind,
        actor_id: actor.id,
        operation: r.operation,
        record_kind: r.recordKind,
        record_ref: r.recordRef,
      })),
    )
    .execute();
}

export interface AuditQuery {
  actorKind?: AuditActorKind;
  actorId?: number;
  recordRef?: string;
  operation?: string;
  /** ISO timestamps, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  limit?: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_kind: AuditActorKind;
  actor_id: number;
  operation: string;
  record_kind: string;
  record_ref: string;
}

const MAX = 1000;

const view = (r: AuditEntryRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: `${r.actor_kind === 'api_key' ? 'key' : r.actor_kind}:${r.actor_id}`,
  actor_kind: r.actor_kind,
  actor_id: r.actor_id,
  operation: r.operation,
  record_kind: r.record_kind,
  record_ref: r.record_ref,
});

const KINDS = { key: 'api_key', operator: 'operator', guest: 'guest' } as const;

/** Parse an actor filter: `key:12`, `operator:3` or `guest:5` (a public token's application). */
export function parseActor(s: string): AuditActor {
  const m = /^(key|operator|guest):(\d{1,9})$/.exec(s.trim());
  if (!m)
    throw new DomainError('invalid', 'actor must be key:ID, operator:ID or guest:ID (for example key:12)', {
      field: 'actor',
    });
  return { kind: KINDS[m[1] as keyof typeof KINDS], id: Number(m[2]) };
}

/** Entries matching `q`, newest first, at most `limit` (default 100, at most 1000). */
export async function queryAudit(db: Conn, q: AuditQuery): Promise<AuditEntry[]> {
  for (const [field, v] of [
    ['from', q.from],
    ['to', q.to],
  ] as const)
    if (v !== undefined && Number.isNaN(Date.parse(v)))
      throw new DomainError('invalid', `${field} must be an ISO date or timestamp, e.g. 2026-05-01T00:00:00Z`, {
        field,
      });
  let s = db.selectFrom('audit_log').selectAll();
  if (q.actorKind) s = s.where('actor_kind', '=', q.actorKind);
  if (q.actorId !== undefined) s = s.where('actor_id', '=', q.actorId);
  if (q.recordRef) s = s.where('record_ref', '=', q.recordRef.trim());
  if (q.operation) s = s.where('operation', '=', q.operation.trim());
  if (q.from) s = s.where('at', '>=', new Date(q.from).toISOString());
  if (q.to) s = s.where('at', '<', new Date(q.to).toISOString());
  const limit = Math.trunc(Math.min(Math.max(q.limit ?? 100, 1), MAX));
  const rows = await s.orderBy('at', 'desc').orderBy('id', 'desc').limit(fixedLimit(limit)).execute();
  return rows.map(view);
}
