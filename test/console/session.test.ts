// The console's login, session cookie, CSRF protection, roles, languages and security headers,
// through the real app (inject) on a real database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { html } from '../../src/api/console/html.js';
import { LANGS, missingKeys } from '../../src/api/console/i18n.js';
import { createOperator } from '../../src/core/cowin/operators.js';
import { listPartners } from '../../src/core/partners/partners.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { FORM, form, session, type Session } from './fixtures.js';

const PASSWORD = 'correct horse battery';

function cookieOf(setCookie: string | string[] | undefined, name: string): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith(`${name}=`));
}

describe('console session', () => {
  let t: TestApp;
  let admin: Session;
  let email: string;
  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
    email = `console-${Date.now()}@careslot.test`;
    await createOperator(t.store.db, { email, password: PASSWORD, role: 'facility' });
  });
  after(() => t?.close());

  async function loginForm(headers: Record<string, string> = {}) {
    const res = await t.app.inject({ method: 'GET', url: '/console/login?next=/console/centres', headers });
    assert.equal(res.statusCode, 200);
    const cookie = cookieOf(res.headers['set-cookie'], 'careslot_console_login')!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)![1];
    return { cookie, csrf };
  }

  it('sends a visitor without a session to the login form, and back to the page after login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/console/centres?q=pune' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/console/login?next=%2Fconsole%2Fcentres%3Fq%3Dpune');
    const hx = await t.app.inject({ method: 'GET', url: '/console/centres', headers: { 'hx-request': 'true' } });
    assert.equal(hx.statusCode, 401);
    assert.equal(hx.headers['hx-redirect'], '/console/login?next=%2Fconsole%2Fcentres');
  });

  it('logs in with the operator login: HttpOnly, SameSite=Strict cookie holding an operator token', async () => {
    const f = await loginForm();
    const res = await t.app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { ...FORM, cookie: f.cookie },
      payload: form({ _csrf: f.csrf, email, password: PASSWORD, next: '/console/centres' }),
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/console/centres');
    const c = cookieOf(res.headers['set-cookie'], 'careslot_console')!;
    assert.match(c, /; Path=\/console; Max-Age=3600; SameSite=Strict; HttpOnly$/);
    assert.doesNotMatch(c, /Secure/, 'plain http: no Secure attribute');
    const page = await t.app.inject({ method: 'GET', url: '/console/centres', headers: { cookie: c.split(';')[0] } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Centres<\/h1>/);
  });

  it('marks the cookie Secure over https and never returns to a page outside the console', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const f = await loginForm(https);
    const res = await t.app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { ...FORM, ...https, cookie: f.cookie },
      payload: form({ _csrf: f.csrf, email, password: PASSWORD, next: '//evil.example/console' }),
    });
    assert.equal(res.headers.location, '/console');
    assert.match(cookieOf(res.headers['set-cookie'], 'careslot_console')!, /; Secure$/);
  });

  it('refuses a wrong password with the form again, and a login without its CSRF token', async () => {
    const f = await loginForm();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { ...FORM, cookie: f.cookie },
      payload: form({ _csrf: f.csrf, email, password: 'not the password' }),
    });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /role="alert">email or password is wrong/);
    assert.equal(cookieOf(wrong.headers['set-cookie'], 'careslot_console'), undefined);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/console/login',
      headers: FORM,
      payload: form({ _csrf: f.csrf, email, password: PASSWORD }),
    });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /CSRF check failed/);
  });

  it('needs the session CSRF token on every state-changing form', async () => {
    const before = (await listPartners(t.store.db)).find((p) => p.partner_id === 'ptn_sandbox')!;
    const url = '/console/partners/ptn_sandbox/rotate';
    const missing = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: admin.cookie },
      payload: '',
    });
    assert.equal(missing.statusCode, 403);
    const other = await session(t, 'admin');
    const wrong = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: other.csrf }),
    });
    assert.equal(wrong.statusCode, 403, "another session's token does not do");
    assert.equal(
      (await listPartners(t.store.db)).find((p) => p.partner_id === 'ptn_sandbox')!.active_secrets,
      before.active_secrets,
    );
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: admin.csrf }),
    });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /data-secret>cps_[0-9a-f]{64}</);
  });

  it('lets a facility operator into centres but not partners, and shows it only its pages', async () => {
    const facility = await session(t, 'facility');
    const partners = await t.app.inject({
      method: 'GET',
      url: '/console/partners',
      headers: { cookie: facility.cookie },
    });
    assert.equal(partners.statusCode, 403);
    const home = await t.app.inject({ method: 'GET', url: '/console', headers: { cookie: facility.cookie } });
    assert.equal(home.statusCode, 200);
    assert.doesNotMatch(home.body, /href="\/console\/partners"/);
    assert.match(home.body, /href="\/console\/upload"/);
  });

  it('ends the session of a disabled operator and on logout', async () => {
    const off = await session(t, 'admin', { disabled: true });
    const res = await t.app.inject({ method: 'GET', url: '/console/money', headers: { cookie: off.cookie } });
    assert.equal(res.statusCode, 303);
    const out = await t.app.inject({
      method: 'POST',
      url: '/console/logout',
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ _csrf: admin.csrf }),
    });
    assert.equal(out.statusCode, 303);
    assert.match(cookieOf(out.headers['set-cookie'], 'careslot_console')!, /^careslot_console=; .*Max-Age=0/);
  });

  it('speaks English, with Hindi and Arabic catalogues and a right-to-left Arabic layout', async () => {
    const ar = await t.app.inject({
      method: 'GET',
      url: '/console/login',
      headers: { cookie: 'careslot_console_lang=ar' },
    });
    assert.match(ar.body, /<html lang="ar" dir="rtl">/);
    assert.match(ar.body, /تسجيل دخول المشغل/);
    const hi = await t.app.inject({
      method: 'GET',
      url: '/console/login',
      headers: { 'accept-language': 'hi-IN,hi;q=0.9' },
    });
    assert.match(hi.body, /<html lang="hi" dir="ltr">/);
    const pick = await t.app.inject({ method: 'GET', url: '/console/lang?to=ar&next=/console/centres' });
    assert.equal(pick.headers.location, '/console/centres');
    assert.match(cookieOf(pick.headers['set-cookie'], 'careslot_console_lang')!, /^careslot_console_lang=ar;/);
    assert.deepEqual(missingKeys('en'), []);
    for (const lang of LANGS) assert.ok(!missingKeys(lang).includes('login.submit'), `${lang} translates the login`);
  });

  it('serves its own scripts under a CSP without inline code, and escapes what it shows', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/console/login' });
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.doesNotMatch(page.body, /<script>|style="/, 'no inline script or style');
    const htmx = await t.app.inject({ method: 'GET', url: '/console/assets/htmx.min.js' });
    assert.equal(htmx.statusCode, 200);
    assert.match(String(htmx.headers['content-type']), /^text\/javascript/);
    assert.match(htmx.body, /htmx/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/console/assets/secret.txt' })).statusCode, 404);
    assert.equal(html`<td>${'<img src=x onerror=alert(1)>'}</td>`.text, '<td>&lt;img src=x onerror=alert(1)&gt;</td>');
  });
});
