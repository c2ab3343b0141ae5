// The console's one error path: every failure becomes an HTML message in the page (or, for an
// htmx request, the fragment htmx swaps in), with the HTTP status it deserves. Domain errors
// keep their message, which says what to fix; nothing else leaks beyond "something failed".
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type ErrorKind } from '../../core/shared/errors.js';
import { clientMessage, clientStatus } from '../errors.js';
import { html } from './html.js';
import { notice, page, viewOf } from './layout.js';
import { ConsoleAuthError } from './session.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  slot_unavailable: 409,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  locked: 423,
  unavailable: 503,
};

/** Send an error message as a fragment (htmx) or a whole page. */
export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  const v = viewOf(req);
  const box = notice('error', message);
  reply.code(status).type('text/html; charset=utf-8');
  if (req.headers['hx-request']) return reply.send(box.text);
  return reply.send(
    page(
      v,
      status === 404 ? 'Not found' : 'Something needs fixing',
      html`${box}<p><a href="/console">Dashboard</a></p>`,
    ),
  );
}

export function installConsoleErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ConsoleAuthError) {
      const text = err.message === 'forbidden' ? viewOf(req).t('common.forbidden') : err.message;
      return sendError(req, reply, err.status, text);
    }
    if (isDomainError(err)) return sendError(req, reply, STATUS[err.kind], err.message);
    const status = clientStatus(err);
    if (status) return sendError(req, reply, status, clientMessage(err, req));
    req.log.error({ err }, 'console: unhandled error');
    return sendError(req, reply, 500, 'Something failed on the server; it is logged. Try again.');
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, `no console page at ${req.url.split('?')[0]}`));
}
