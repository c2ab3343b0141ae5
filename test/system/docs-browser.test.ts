// The API hub renders in a real browser (helmet's CSP must not blank it) and lists the APIs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { testDb, type TestDb } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';

describe('API hub in a browser', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs it)`,
}, () => {
  let t: TestDb;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    t = await testDb();
    server = await startServer({ DATABASE_URL: t.url, CARESLOT_SECRET: t.config.secret });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
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
});
