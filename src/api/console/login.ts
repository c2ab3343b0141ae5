// Console login and logout. Login checks the operator's email and password with the same core
// function as POST /api/v1/admin/login (lockout included) and keeps the same operator token
// in the session cookie, for OPERATOR_TOKEN_MINUTES.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { authenticateOperator } from '../../core/cowin/operators.js';
import { isDomainError } from '../../core/shared/errors.js';
import { signToken } from '../../core/shared/tokens.js';
import { html } from './html.js';
import { isLang } from './i18n.js';
import { notice, page, viewOf, type View } from './layout.js';
import {
  CONSOLE,
  CSRF_FIELD,
  LANG_COOKIE,
  LOGIN_CSRF_COOKIE,
  SESSION_COOKIE,
  checkCsrf,
  checkLoginCsrf,
  newLoginCsrf,
  sessionToken,
  setCookie,
} from './session.js';

/** Only a console path may be the page to return to after login. */
const safeNext = (next: string | undefined): string =>
  next && /^\/console(\/[A-Za-z0-9/_.-]*)?(\?[^\s]*)?$/.test(next) && !next.split('?')[0].includes('..')
    ? next
    : CONSOLE;

function loginForm(v: View, csrf: string, next: string, error?: string) {
  return page(
    v,
    v.t('login.title'),
    html`${error ? notice('error', error) : ''}
    <form method="post" action="${CONSOLE}/login">
      <input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
      <input type="hidden" name="next" value="${next}">
      <label for="email">${v.t('login.email')}</label>
      <input id="email" name="email" type="email" autocomplete="username" required>
      <label for="password">${v.t('login.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <p><button type="submit">${v.t('login.submit')}</button></p>
    </form>`,
  );
}

const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 254 }),
    password: Type.String({ maxLength: 200 }),
    next: Type.Optional(Type.String({ maxLength: 500 })),
    [CSRF_FIELD]: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { examples: [{ email: 'operator@careslot.local', password: 'printed at start', next: '/console', _csrf: '…' }] },
);

export const loginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/login',
    {
      schema: {
        hide: true,
        querystring: Type.Object(
          { next: Type.Optional(Type.String({ maxLength: 500 })) },
          { examples: [{ next: '/console/centres' }] },
        ),
      },
    },
    async (req, reply) => {
      const csrf = newLoginCsrf();
      setCookie(req, reply, LOGIN_CSRF_COOKIE, csrf, { maxAge: 3600 });
      return reply.type('text/html; charset=utf-8').send(loginForm(viewOf(req), csrf, safeNext(req.query.next)));
    },
  );

  app.post('/login', { schema: { hide: true, body: LoginBody } }, async (req, reply) => {
    checkLoginCsrf(req);
    const next = safeNext(req.body.next);
    try {
      const op = await authenticateOperator(app.store.db, req.body.email, req.body.password);
      const ttl = app.config.operatorTokenMinutes * 60;
      const token = await signToken(app.config.secret, { kind: 'operator', sub: String(op.id), role: op.role }, ttl);
      setCookie(req, reply, SESSION_COOKIE, token, { maxAge: ttl });
      setCookie(req, reply, LOGIN_CSRF_COOKIE, '', { maxAge: 0 });
      return reply.redirect(next, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const csrf = newLoginCsrf();
      setCookie(req, reply, LOGIN_CSRF_COOKIE, csrf, { maxAge: 3600 });
      const status = err.kind === 'locked' ? 423 : 401;
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(loginForm(viewOf(req), csrf, next, err.message));
    }
  });

  app.post(
    '/logout',
    {
      schema: {
        hide: true,
        body: Type.Object({ [CSRF_FIELD]: Type.String({ maxLength: 100 }) }, { examples: [{ _csrf: '…' }] }),
      },
    },
    async (req, reply) => {
      if (sessionToken(req)) checkCsrf(req);
      setCookie(req, reply, SESSION_COOKIE, '', { maxAge: 0 });
      return reply.redirect(`${CONSOLE}/login`, 303);
    },
  );

  app.get(
    '/lang',
    {
      schema: {
        hide: true,
        querystring: Type.Object(
          { to: Type.String({ maxLength: 5 }), next: Type.Optional(Type.String({ maxLength: 500 })) },
          { examples: [{ to: 'ar', next: '/console/centres' }] },
        ),
      },
    },
    async (req, reply) => {
      if (isLang(req.query.to)) setCookie(req, reply, LANG_COOKIE, req.query.to, { maxAge: 365 * 86400 });
      return reply.redirect(safeNext(req.query.next), 303);
    },
  );
};
