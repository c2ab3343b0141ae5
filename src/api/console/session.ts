// The console's session: the operator token (the same one POST /api/v1/admin/login issues)
// in an HttpOnly, SameSite=Strict cookie scoped to /console, Secure when the request came
// over https. Every state-changing form carries a CSRF token: an HMAC of the session token
// under the instance secret, so it needs no server-side state and dies with the session.
// The login form, before any session, uses a double-submit token (cookie = form field).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyOperator, type OperatorPrincipal } from '../../core/cowin/operators.js';
import { isDomainError } from '../../core/shared/errors.js';
import { isLang, type Lang } from './i18n.js';

export const CONSOLE = '/console';
export const SESSION_COOKIE = 'careslot_console';
export const LOGIN_CSRF_COOKIE = 'careslot_console_login';
export const LANG_COOKIE = 'careslot_console_lang';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The console operator (set by requireConsoleOperator). */
    consoleOperator?: OperatorPrincipal;
  }
}

export function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!(name in out)) {
      try {
        out[name] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // A cookie that is not valid percent-encoding is not ours: ignore it.
      }
    }
  }
  return out;
}

export function setCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  opts: { maxAge: number; httpOnly?: boolean },
): void {
  const attrs = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${CONSOLE}`,
    `Max-Age=${opts.maxAge}`,
    'SameSite=Strict',
    ...(opts.httpOnly === false ? [] : ['HttpOnly']),
    ...(req.protocol === 'https' ? ['Secure'] : []),
  ];
  // Fastify appends each set-cookie header rather than replacing it.
  reply.header('set-cookie', attrs.join('; '));
}

export const sessionToken = (req: FastifyRequest): string | undefined => cookies(req)[SESSION_COOKIE] || undefined;

export function langOf(req: FastifyRequest): Lang {
  const chosen = cookies(req)[LANG_COOKIE];
  if (isLang(chosen)) return chosen;
  const accepted = /^\s*([a-z]{2})/i.exec(req.headers['accept-language'] ?? '')?.[1]?.toLowerCase();
  return isLang(accepted) ? accepted : 'en';
}

export function csrfFor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`careslot-console-csrf\n${token}`).digest('base64url');
}

function same(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ConsoleAuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** The CSRF token a request sent: the X-CSRF-Token header (htmx) or the form field. */
export function sentCsrf(req: FastifyRequest, field?: string): string | undefined {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  if (field !== undefined) return field;
  const body = req.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Refuse a state-changing request whose CSRF token does not match the session. */
export function checkCsrf(req: FastifyRequest, field?: string): void {
  const token = sessionToken(req);
  if (!token || !same(sentCsrf(req, field), csrfFor(req.server.config.secret, token)))
    throw new ConsoleAuthError(403, 'the form is out of date (CSRF check failed): reload the page and try again');
}

export function newLoginCsrf(): string {
  return randomBytes(18).toString('base64url');
}

export function checkLoginCsrf(req: FastifyRequest): void {
  if (!same(sentCsrf(req), cookies(req)[LOGIN_CSRF_COOKIE]))
    throw new ConsoleAuthError(403, 'the login form is out of date (CSRF check failed): reload the page and try again');
}

/**
 * The console's guard: the session cookie's operator token checked by the same verification
 * as the APIs' operator token, with the page's roles; POSTs also need the CSRF token.
 * Without a valid session a page redirects to the login form.
 */
export function requireConsoleOperator(roles: OperatorPrincipal['role'][] = ['admin', 'facility']) {
  return async function guard(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      req.consoleOperator = await verifyOperator(req.server.store.db, req.server.config.secret, sessionToken(req));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      const to = `${CONSOLE}/login${next}`;
      if (req.headers['hx-request']) {
        reply.header('hx-redirect', to).code(401).send();
      } else reply.redirect(to, 303);
      return reply;
    }
    if (!roles.includes(req.consoleOperator.role)) throw new ConsoleAuthError(403, 'forbidden');
    if (req.method !== 'GET' && !req.isMultipart()) checkCsrf(req);
  };
}
