// A known path asked with a method it does not have is answered 405 with an `Allow` header,
// not 404: each dialect's not-found handler asks here which methods the path has.
import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods some route answers at `path` (HEAD is implied by GET and not listed). */
export function allowedMethods(app: FastifyInstance, path: string): string[] {
  return METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
}
