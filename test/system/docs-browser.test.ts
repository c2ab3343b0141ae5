// The API hub renders in a real browser (helmet's CSP must not blank it) and lists the APIs;
// in sandbox mode it signs a partner request (Cmt, computed with WebCrypto) from "Try it out".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { launchChromium, noChromium } from '../helpers/browser.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';

describe('API hub in a browser', { skip: noChromium }, () => {
  let t: TestDb;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    t = await testDb();
    server = await startServer({ DATABASE_URL: t.url, CARESLOT_SECRET: t.config.secret });
    browser = await launchChromium(['--disable-quic', '--disable-component-update']);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await t?.drop();
  });

  it('renders the operations from the generated OpenAPI document', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.base}/docs`);
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    const title = await page.textContent('.info .title');
    assert.match(title ?? '', /Careslot/);
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.textContent));
    assert.ok(paths.includes('/healthz'), `operations listed: ${paths.join(', ')}`);
    assert.deepEqual(
      errors.filter((e) => /Content Security Policy|Refused/.test(e)),
      [],
    );
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/careslot-docs.png` });
  });

  // The page signs with the browser's clock, which `npm run test:clock` cannot shift (see
  // test/helpers/browser.ts): there the server would rightly refuse the signature as stale.
  const fakedClock = process.env.FAKETIME ? 'the browser keeps the real clock, the server a faked one' : false;
  it('signs a kids partner request from "Try it out" once a partner token and secret are entered', {
    skip: fakedClock,
  }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const op = '#operations-Kids_Vaccination-browseKidsSlots';
    const tryBrowse = async () => {
      await page.goto(`${server.base}/docs#/Kids%20Vaccination/browseKidsSlots`);
      await page.waitForSelector(`${op} .try-out__btn`, { timeout: 15_000 });
      const cancel = await page.$(`${op} .try-out__btn.cancel`);
      if (!cancel) await page.click(`${op} .try-out__btn`);
      await page.click(`${op} .execute`);
      await page.waitForSelector(`${op} .live-responses-table tbody .response-col_status`, { timeout: 15_000 });
      const status = (await page.textContent(`${op} .live-responses-table tbody .response-col_status`))?.trim();
      const body = (await page.textContent(`${op} .live-responses-table tbody .response-col_description`)) ?? '';
      return { status, body };
    };

    // Without credentials the example goes out unsigned and is refused.
    const unsigned = await tryBrowse();
    assert.equal(unsigned.status, '401', unsigned.body);
    assert.match(unsigned.body, /1002/);

    const { token, secret } = sandboxPartnerCredentials(t.config);
    await page.fill('#careslot-partner-token', token);
    await page.fill('#careslot-partner-secret', secret);
    await page.click('#careslot-signer-use');
    assert.equal(await page.textContent('#careslot-signer-state'), 'signing partner requests');
    await page.click(`${op} .execute`);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.trim() === '200',
      `${op} .live-responses-table tbody .response-col_status`,
      { timeout: 15_000 },
    );
    const body = (await page.textContent(`${op} .live-responses-table tbody .response-col_description`)) ?? '';
    // The example's date is relative to today, so the sandbox has slots on it.
    assert.match(body, /"providers"/);
    assert.match(body, /"slots": \[\s*\{/);
    assert.deepEqual(
      errors.filter((e) => /Content Security Policy|Refused|signer/.test(e)),
      [],
    );
  });
});
