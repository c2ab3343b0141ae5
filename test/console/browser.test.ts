// The operator console driven in Chromium (playwright-core, Debian's /usr/bin/chromium), against
// the real server: log in as the sandbox operator, upload a sheet, see the centre, find a
// booking, see that lookup in the audit log, rotate a partner secret, read it in Arabic
// (mirrored, right to left) and Hindi. One browser for the file; a screenshot of every page is
// kept in test-artifacts/console/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { translator } from '../../src/api/console/i18n.js';
import { sandboxOperatorPassword, SANDBOX_OPERATOR_EMAIL } from '../../src/sandbox/operator.js';
import { row, sheet } from '../cowin/sheets.js';
import { launchChromium, noChromium } from '../helpers/browser.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { appointment, type Appointment } from './fixtures.js';
import { book } from '../../src/core/scheduling/bookings.js';
import { createEndpoint } from '../../src/core/webhooks/endpoints.js';
import { slotsAt, T0 } from '../webhooks/fixtures.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/console');

describe('operator console in a browser', { skip: noChromium }, () => {
  let t: TestDb;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let booked: Appointment;
  let rx: Receiver;
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await testDb();
    booked = await appointment(t.store);
    // A webhook endpoint of the sandbox partner and one booking of it: the server's dispatcher
    // delivers its booking.held event to the receiver in this process.
    rx = await startReceiver();
    await createEndpoint(t.store, t.config.secret, { partnerCode: 'ptn_sandbox', url: rx.url, production: false });
    const [slot] = await slotsAt(t.store, [1]);
    await book(t.store, { slotId: slot, status: 'held', channel: 'kids', ownerId: 'ptn_sandbox', now: T0 });
    server = await startServer({ DATABASE_URL: t.url, CARESLOT_SECRET: t.config.secret });
    browser = await launchChromium();
    // A phone's screen: the console is used by vaccination-site staff on their phones.
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page.setDefaultTimeout(15_000);
    // The refused bad sheet is a 400 the browser logs as a failed resource; anything else counts.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 400 \(Bad Request\)/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rx?.close();
    await t?.drop();
  });

  it('logs in as the sandbox operator', async () => {
    await page.goto(`${server.base}/console`);
    assert.match(page.url(), /\/console\/login\?next=%2Fconsole$/);
    await shot('login');
    await page.getByLabel('Email').fill(SANDBOX_OPERATOR_EMAIL);
    await page.getByLabel('Password').fill(sandboxOperatorPassword(t.config));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/console$/);
    assert.equal(await page.textContent('h1'), 'Live dashboard');
    await page.waitForSelector('[data-metric="reads"]');
    await shot('dashboard');
  });

  it('uploads a facility sheet with a progress bar, then shows the bad lines of a broken one', async () => {
    const dir = join(ARTIFACTS, 'sheets');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'good.csv'), sheet([row({ name: 'Browser Test PHC', pincode: '411003' })]));
    writeFileSync(join(dir, 'bad.csv'), sheet([row(), row({ pincode: '4110' })]));
    await page.getByRole('link', { name: 'Upload sheet' }).click();
    await page.getByLabel('Facility sheet (.csv)').setInputFiles(join(dir, 'good.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForSelector('#outcome .notice.ok');
    assert.match((await page.textContent('#outcome')) ?? '', /Imported: 1 rows, 1 centres/);
    const bar = await page.$eval('#progress', (p) => [
      (p as HTMLProgressElement).value,
      (p as HTMLProgressElement).max,
    ]);
    assert.ok(bar[0] > 0 && bar[0] === bar[1], `the progress bar is full: ${bar}`);
    await shot('upload');
    await page.getByLabel('Facility sheet (.csv)').setInputFiles(join(dir, 'bad.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForSelector('#line-errors');
    assert.match((await page.textContent('#line-errors tbody')) ?? '', /^3Pincode must be 6 digits/);
    await shot('upload-errors');
  });

  it('finds the uploaded centre and charts its days', async () => {
    await page.getByRole('link', { name: 'Centres', exact: true }).click();
    // The page lists every centre at first; typing swaps in the matches (htmx, after 300 ms).
    // Click only once they are in: a click while the list is swapped can land on nothing.
    const searched = page.waitForResponse((r) => r.url().includes('/console/centres?q=') && r.ok());
    await page.getByLabel('Search by name or pincode').fill('Browser Test');
    await searched;
    await page.waitForSelector('#results caption:text("1 centre")');
    await shot('centres');
    await page.getByRole('link', { name: 'Browser Test PHC' }).click();
    await page.waitForSelector('svg.chart g[data-date]');
    assert.equal(await page.textContent('h1'), 'Browser Test PHC');
    assert.equal(await page.locator('svg.chart g[data-date]').count(), 3, 'day(2) to day(4): three days of sessions');
    await shot('centre');
  });

  it('finds a booking by its confirmation number with the mobile masked', async () => {
    await page.getByRole('link', { name: 'Lookups' }).click();
    await page.getByLabel('Confirmation number or beneficiary reference id').fill(booked.confirmationNo);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForSelector('section.appointment');
    const text = (await page.textContent('section.appointment')) ?? '';
    assert.match(text, new RegExp(`Appointment ${booked.confirmationNo}`));
    assert.match(text, new RegExp(`\\*{5}${booked.mobile.slice(-4)}`));
    assert.doesNotMatch(text, new RegExp(booked.mobile));
    await shot('lookup');
  });

  it('shows that lookup in the audit log, queried by the record looked up', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Record (reference id, confirmation number…)').fill(booked.confirmationNo);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('#audit-log');
    const rows = await page.locator('#audit-log tbody tr').allTextContents();
    assert.ok(rows.length >= 2, 'the query and the appointment shown');
    for (const r of rows) {
      assert.match(r, /operator:\d+/);
      assert.match(r, /consoleLookup/);
      assert.match(r, new RegExp(booked.confirmationNo));
    }
    await shot('audit');
  });

  it('rotates a partner secret and shows the new one once', async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.locator('tr[data-partner="ptn_sandbox"]').getByRole('button', { name: 'Rotate secret' }).click();
    await page.waitForSelector('[data-secret]');
    assert.match((await page.textContent('[data-secret]')) ?? '', /^cps_[0-9a-f]{64}$/);
    assert.equal(await page.textContent('tr[data-partner="ptn_sandbox"] td:nth-child(5)'), '2');
    await shot('partners');
  });

  it("shows a partner's webhook deliveries with their attempts, and redelivers one", async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.locator('tr[data-partner="ptn_sandbox"]').getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForSelector('section[data-endpoint]');
    // The server's dispatcher runs every second: reload until the delivery shows as delivered.
    for (let i = 0; i < 30 && !/delivered/.test((await page.textContent('table.deliveries')) ?? ''); i++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    const row = page.locator('tr[data-delivery]').first();
    assert.match((await row.textContent()) ?? '', /booking\.held[\s\S]*delivered[\s\S]*#1 .* delivered \(HTTP 200\)/);
    assert.equal(rx.received.length, 1);
    await shot('webhooks');
    await row.getByRole('button', { name: 'Redeliver' }).click();
    await page.waitForSelector('.notice');
    assert.match((await page.textContent('.notice')) ?? '', /will be attempted again/);
    for (let i = 0; i < 30 && rx.received.length < 2; i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(rx.received.length, 2, 'the redelivery reached the receiver');
    assert.equal(rx.received[1].headers['webhook-id'], rx.received[0].headers['webhook-id'], 'same event id');
  });

  it('opens every other page and breaks no security policy', async () => {
    for (const [path, title] of [
      ['guests', 'Guest accounts'],
      ['api-keys', 'API keys'],
      ['kids', 'Kids catalogue'],
      ['doctors', 'Doctors'],
      ['money', 'Refunds and holds'],
    ]) {
      const res = await page.goto(`${server.base}/console/${path}`);
      assert.equal(res?.status(), 200, path);
      assert.equal(await page.textContent('h1'), title);
      await shot(path);
    }
    assert.deepEqual(problems, []);
  });

  it('speaks Arabic right to left, the layout mirrored, and Hindi left to right', async () => {
    await page.goto(`${server.base}/console/partners`);
    const en = await layout(page);
    assert.ok(en.brand.left < 20, `English: the title starts at the left edge (${en.brand.left})`);
    assert.ok(en.nav[0] < en.nav[1], 'English: the navigation runs left to right');
    assert.ok(en.columns[0] < en.columns[1], 'English: the first column is the leftmost');

    await page.selectOption('#lang', 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.textContent('h1'), translator('ar')('partners.title'));
    assert.equal(await page.textContent('.brand'), translator('ar')('app.title'));
    const ar = await layout(page);
    assert.ok(
      ar.brand.right > ar.width - 20,
      `Arabic: the title starts at the right edge (${ar.brand.right} of ${ar.width})`,
    );
    assert.ok(ar.nav[0] > ar.nav[1], `Arabic: the navigation runs right to left (${ar.nav})`);
    assert.ok(ar.columns[0] > ar.columns[1], `Arabic: the first column is the rightmost (${ar.columns})`);
    assert.ok(ar.h1.right > ar.width - 20, 'Arabic: the heading is set from the right');
    await shot('partners-ar');

    await page.selectOption('#lang', 'hi');
    await page.waitForFunction(() => document.documentElement.lang === 'hi');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.textContent('h1'), translator('hi')('partners.title'));
    assert.equal(await page.textContent('button[type="submit"] >> nth=0'), translator('hi')('logout.submit'));
    const hi = await layout(page);
    assert.ok(hi.brand.left < 20 && hi.nav[0] < hi.nav[1] && hi.columns[0] < hi.columns[1], 'Hindi: left to right');
    await shot('partners-hi');
    await page.goto(`${server.base}/console/centres`);
    await shot('centres-hi');
    assert.deepEqual(problems, []);
  });
});

/** Where the page puts its title, heading, first two navigation entries and first and last column. */
async function layout(page: Page) {
  // Rectangles only: a function defined inside evaluate would need the test build's helpers.
  const rect = async (sel: string) => {
    const all = await page.$$eval(sel, (els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    assert.ok(all.length > 0, `the page has ${sel}`);
    return all;
  };
  const [brand] = await rect('.brand');
  const [h1] = await rect('main h1');
  const items = await rect('nav li');
  assert.equal(items[0].top, items[1].top, 'the first two navigation entries share a row');
  const heads = await rect('main table th');
  return {
    width: await page.evaluate(() => document.documentElement.clientWidth),
    brand,
    h1,
    nav: [items[0].left, items[1].left],
    columns: [heads[0].left, heads[heads.length - 1].left],
  };
}
