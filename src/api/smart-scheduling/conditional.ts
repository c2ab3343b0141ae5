// Conditional GET for the feed: ETag and Last-Modified on every answer, 304 when the client's
// If-None-Match (or, without one, If-Modified-Since) still holds.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Validators {
  etag: string;
  /** Epoch ms, whole seconds. */
  lastModified: number;
}

/** Whether the request's validators still match (RFC 9110 §13.1: If-None-Match wins). */
export function stillFresh(req: FastifyRequest, v: Validators): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined)
    return inm.split(',').some((t) => {
      const tag = t.trim();
      return tag === '*' || tag.replace(/^W\//, '') === v.etag;
    });
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && v.lastModified <= since;
}

/** Set the validators and the public caching headers; true when the answer is a 304. */
export function answerConditionally(req: FastifyRequest, reply: FastifyReply, v: Validators): boolean {
  reply
    .header('etag', v.etag)
    .header('last-modified', new Date(v.lastModified).toUTCString())
    // Public data that changes with every booking: caches keep it but must ask again (a 304 is cheap).
    .header('cache-control', 'public, no-cache')
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
  if (!stillFresh(req, v)) return false;
  reply.code(304);
  return true;
}
