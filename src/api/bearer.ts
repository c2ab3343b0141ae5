// The token of an `Authorization` header, shared by every dialect: `Bearer <token>`, or the
// bare token (some partner SDKs send it without the scheme). Undefined when absent or blank.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';

export function bearerToken(req: FastifyRequest): string | undefined {
  return bearerOf(req.headers.authorization);
}

/** The same, from the header's value (for the read path around Fastify, ./fast-reads.ts). */
export function bearerOf(header: string | undefined): string | undefined {
  const h = header?.trim();
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : h;
}

/** Whether a request carries credentials of any dialect: Authorization, Cmt or x-api-key. */
export function hasCredentials(headers: IncomingHttpHeaders): boolean {
  return headers.authorization !== undefined || headers.cmt !== undefined || headers['x-api-key'] !== undefined;
}
