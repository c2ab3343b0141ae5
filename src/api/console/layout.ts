// The console's page frame: skip link, navigation for the operator's role, language switch,
// and the CSRF token for htmx requests (hx-headers on <body>). Everything it loads is served
// by Careslot itself under /console/assets/.
import type { FastifyRequest } from 'fastify';
import type { OperatorPrincipal } from '../../core/cowin/operators.js';
import { html, type Html, type Part } from './html.js';
import { dirOf, LANG_NAMES, LANGS, translator, type Lang, type MessageKey, type Translate } from './i18n.js';
import { CONSOLE, CSRF_FIELD, csrfFor, langOf, sessionToken } from './session.js';

const NAV: { path: string; key: MessageKey; roles: OperatorPrincipal['role'][] }[] = [
  { path: '', key: 'nav.dashboard', roles: ['admin', 'facility'] },
  { path: '/centres', key: 'nav.centres', roles: ['admin', 'facility'] },
  { path: '/upload', key: 'nav.upload', roles: ['admin', 'facility'] },
  { path: '/lookup', key: 'nav.lookup', roles: ['admin', 'facility'] },
  { path: '/partners', key: 'nav.partners', roles: ['admin'] },
  { path: '/guests', key: 'nav.guests', roles: ['admin'] },
  { path: '/api-keys', key: 'nav.apiKeys', roles: ['admin'] },
  { path: '/kids', key: 'nav.kids', roles: ['admin'] },
  { path: '/doctors', key: 'nav.doctors', roles: ['admin'] },
  { path: '/money', key: 'nav.money', roles: ['admin'] },
  { path: '/audit', key: 'nav.audit', roles: ['admin'] },
];

/** What a page needs to render: the language's words and the session's CSRF token. */
export interface View {
  lang: Lang;
  t: Translate;
  csrf: string;
  operator?: OperatorPrincipal;
  path: string;
}

export function viewOf(req: FastifyRequest): View {
  const lang = langOf(req);
  const token = sessionToken(req);
  return {
    lang,
    t: translator(lang),
    csrf: token ? csrfFor(req.server.config.secret, token) : '',
    operator: req.consoleOperator,
    path: req.url.split('?')[0],
  };
}

/** The hidden CSRF field every state-changing form carries. */
export const csrfField = (v: View): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${v.csrf}">`;

function nav(v: View): Part {
  if (!v.operator) return null;
  const role = v.operator.role;
  return html`<nav aria-label="Console">
    <ul>
      ${NAV.filter((n) => n.roles.includes(role)).map((n) => {
        const href = `${CONSOLE}${n.path}`;
        return html`<li><a href="${href}"${v.path === href ? html` aria-current="page"` : ''}>${v.t(n.key)}</a></li>`;
      })}
    </ul>
    <form method="post" action="${CONSOLE}/logout">${csrfField(v)}<button type="submit">${v.t('logout.submit')}</button></form>
  </nav>`;
}

function languages(v: View): Html {
  return html`<form method="get" action="${CONSOLE}/lang" class="lang">
    <label for="lang">${v.t('lang.label')}</label>
    <select id="lang" name="to">
      ${LANGS.map((l) => html`<option value="${l}" lang="${l}"${l === v.lang ? html` selected` : ''}>${LANG_NAMES[l]}</option>`)}
    </select>
    <input type="hidden" name="next" value="${v.path}">
    <button type="submit">OK</button>
  </form>`;
}

export function page(v: View, title: string, body: Part): string {
  const headers = JSON.stringify({ 'X-CSRF-Token': v.csrf });
  return `<!doctype html>${html`<html lang="${v.lang}" dir="${dirOf(v.lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"selfRequestsOnly":true,"responseHandling":[{"code":"204","swap":false},{"code":"[2-5]..","swap":true}]}'>
  <link rel="icon" href="data:,">
  <title>${title} · ${v.t('app.title')}</title>
  <link rel="stylesheet" href="${CONSOLE}/assets/console.css">
  <script src="${CONSOLE}/assets/htmx.min.js" defer></script>
  <script src="${CONSOLE}/assets/console.js" defer></script>
</head>
<body hx-headers="${headers}">
  <a class="skip" href="#main">${v.t('nav.skip')}</a>
  <header>
    <p class="brand">${v.t('app.title')}</p>
    ${nav(v)}
    ${languages(v)}
  </header>
  <main id="main" tabindex="-1">
    <h1>${title}</h1>
    ${body}
  </main>
</body>
</html>`}`;
}

/** A message for the page: role="status" for news, role="alert" for errors. */
export const notice = (kind: 'ok' | 'error', text: Part): Html =>
  html`<div class="notice ${kind}" role="${kind === 'ok' ? 'status' : 'alert'}">${text}</div>`;
