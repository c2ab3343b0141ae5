// The id of a request, echoed as `x-request-id` and in every log line of it: the caller's own
// `x-request-id` when it is a plausible id, else a new UUID. Used by Fastify (`genReqId`,
// ../app.ts) and by the read path around it (./fast-reads.ts), so both answer alike.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
