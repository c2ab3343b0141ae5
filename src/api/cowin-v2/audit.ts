// Who reads, for the audit log (core/cowin/audit-log.ts): the request's x-api-key, or, on the
// public APIs where a bearer token comes without one, the application (guest account) the
// token was issued through.
import type { FastifyRequest } from 'fastify';
import { recordReads, type AuditActor, type AuditRead } from '../../core/cowin/audit-log.js';
import { unauthenticated } from './errors.js';

export function actorOf(req: FastifyRequest): AuditActor {
  if (req.cowinV2Key) return { kind: 'api_key', id: req.cowinV2Key.id };
  if (req.cowinV2TokenGuest !== undefined) return { kind: 'guest', id: req.cowinV2TokenGuest };
  throw unauthenticated('Send the x-api-key header or a bearer token.');
}

/** Log reads of people's records by this request's caller (before the answer goes out). */
export function logReads(req: FastifyRequest, reads: AuditRead[]): Promise<void> {
  return recordReads(req.server.store.db, actorOf(req), reads);
}
