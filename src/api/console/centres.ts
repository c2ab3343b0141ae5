// Centres: search by name or pincode (live, with htmx), a centre's 14 days as a chart of
// capacity, booked and free seats, and its sessions with capacity changes and cancellation.
// A facility operator sees and changes only the centres it created (core/cowin/centre-admin.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { centreDays, searchCentres, type CentreDay, type CentreViewer } from '../../core/cowin/centre-admin.js';
import { cancelSession, changeSessionCapacity } from '../../core/cowin/session-changes.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf, type View } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';
import type { FastifyRequest } from 'fastify';

const viewer = (req: FastifyRequest): CentreViewer => ({
  operatorId: req.consoleOperator!.id,
  role: req.consoleOperator!.role,
});

async function results(req: FastifyRequest, q: string): Promise<Html> {
  const v = viewOf(req);
  const hits = await searchCentres(req.server.store.db, viewer(req), q);
  if (hits.length === 0) return html`<p id="results" role="status">${v.t('centres.none')}</p>`;
  return html`<div id="results" class="table-wrap"><table>
    <caption class="muted">${hits.length} centre${hits.length === 1 ? '' : 's'}</caption>
    <thead><tr><th scope="col">${v.t('col.centre')}</th><th scope="col">${v.t('col.pincode')}</th><th scope="col">${v.t('col.district')}</th><th scope="col">${v.t('col.seatsPerDay')}</th></tr></thead>
    <tbody>${hits.map(
      (c) => html`<tr><td><a href="${CONSOLE}/centres/${c.code}">${c.name}</a></td><td>${c.pincode ?? ''}</td>
        <td>${c.district_name ?? ''}</td><td>${c.daily_capacity ?? ''}</td></tr>`,
    )}</tbody></table></div>`;
}

/** One horizontal bar per day: booked and free seats, scaled to the busiest day's capacity. */
export function chart(v: View, days: CentreDay[]): Html {
  if (days.length === 0) return html`<p>${v.t('common.none')}</p>`;
  const max = Math.max(1, ...days.map((d) => d.capacity));
  const row = 22;
  const width = 400;
  const label = 90;
  return html`<svg class="chart" viewBox="0 0 ${label + width + 70} ${days.length * row}" role="img"
    aria-label="${v.t('centres.days')}">
    ${days.map((d, i) => {
      const booked = (d.booked / max) * width;
      const free = (d.free / max) * width;
      return html`<g data-date="${d.date}">
        <title>${d.date}: ${d.capacity} capacity, ${d.booked} booked, ${d.free} free</title>
        <text x="0" y="${i * row + 15}" font-size="12">${d.date}</text>
        <rect x="${label}" y="${i * row + 3}" width="${booked.toFixed(1)}" height="16" fill="#0b5cad"></rect>
        <rect x="${(label + booked).toFixed(1)}" y="${i * row + 3}" width="${free.toFixed(1)}" height="16" fill="#b6d4f2"></rect>
        <text x="${(label + booked + free + 4).toFixed(1)}" y="${i * row + 15}" font-size="12">${d.booked}/${d.capacity}</text>
      </g>`;
    })}
  </svg>
  <p class="legend"><span><span class="swatch booked"></span>${v.t('centres.booked')}</span><span><span class="swatch free"></span>${v.t('centres.free')}</span></p>`;
}

function sessions(v: View, code: string, days: CentreDay[]): Html {
  const rows = days.flatMap((d) => d.sessions);
  return html`<div class="table-wrap"><table>
    <caption>${v.t('centres.sessions')}</caption>
    <thead><tr><th scope="col">${v.t('col.date')}</th><th scope="col">${v.t('col.time')}</th><th scope="col">${v.t('centres.capacity')}</th>
      <th scope="col">${v.t('centres.free')}</th><th scope="col">${v.t('col.change')}</th></tr></thead>
    <tbody>${rows.map(
      (
        s,
      ) => html`<tr id="session-${s.id}"><td>${s.date}</td><td>${s.from}–${s.to}</td><td>${s.capacity}</td><td>${s.free}</td>
      <td>${
        s.started
          ? html`<span class="muted">started</span>`
          : html`<form class="inline" method="post" action="${CONSOLE}/centres/${code}/sessions/${s.id}/capacity">
          ${csrfField(v)}<label for="cap-${s.id}">${v.t('centres.capacity')}</label>
          <input id="cap-${s.id}" name="capacity" type="number" min="0" value="${s.capacity}" required>
          <button type="submit" class="secondary">${v.t('centres.setCapacity')}</button></form>
        <form class="inline" method="post" action="${CONSOLE}/centres/${code}/sessions/${s.id}/cancel">
          ${csrfField(v)}<label for="why-${s.id}">${v.t('centres.reason')}</label>
          <input id="why-${s.id}" name="reason" type="text" minlength="3" maxlength="300" required>
          <button type="submit" class="secondary">${v.t('centres.cancel')}</button></form>`
      }</td></tr>`,
    )}</tbody></table></div>`;
}

async function centrePage(req: FastifyRequest, code: string, message?: Html): Promise<string> {
  const v = viewOf(req);
  const c = await centreDays(req.server.store.db, viewer(req), code, new Date());
  const table = html`<div class="table-wrap"><table><caption>${v.t('centres.days')}</caption>
    <thead><tr><th scope="col">${v.t('col.date')}</th><th scope="col">${v.t('centres.capacity')}</th><th scope="col">${v.t('centres.booked')}</th><th scope="col">${v.t('centres.free')}</th></tr></thead>
    <tbody>${c.days.map((d) => html`<tr><td>${d.date}</td><td>${d.capacity}</td><td>${d.booked}</td><td>${d.free}</td></tr>`)}</tbody></table></div>`;
  return page(
    v,
    c.name,
    html`${message ?? ''}<p class="muted">${c.address ?? ''} ${c.pincode ?? ''} · ${c.code}</p>
    <h2>${v.t('centres.days')}</h2>${chart(v, c.days)}${table}${sessions(v, c.code, c.days)}`,
  );
}

const Code = Type.Object({ code: Type.String({ maxLength: 40 }) }, { examples: [{ code: 'pl_abcdefghijklmnop' }] });
const Session = Type.Object(
  { code: Type.String({ maxLength: 40 }), slot: Type.Integer({ minimum: 1 }) },
  { examples: [{ code: 'pl_abcdefghijklmnop', slot: 42 }] },
);

export const centreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator();
  const Search = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }, { examples: [{ q: '411001' }] });
  app.get('/centres', { preValidation: guard, schema: { hide: true, querystring: Search } }, async (req, reply) => {
    const v = viewOf(req);
    const q = req.query.q ?? '';
    const list = await results(req, q);
    reply.type('text/html; charset=utf-8');
    if (req.headers['hx-request']) return reply.send(list.text);
    return reply.send(
      page(
        v,
        v.t('centres.title'),
        html`<form method="get" action="${CONSOLE}/centres" role="search">
        <label for="q">${v.t('centres.search')}</label>
        <input id="q" name="q" type="search" value="${q}" hx-get="${CONSOLE}/centres" hx-trigger="input changed delay:300ms, search"
          hx-target="#results" hx-swap="outerHTML" autocomplete="off">
        <button type="submit">${v.t('lookup.submit')}</button></form>${list}`,
      ),
    );
  });

  app.get('/centres/:code', { preValidation: guard, schema: { hide: true, params: Code } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await centrePage(req, req.params.code)),
  );

  app.post(
    '/centres/:code/sessions/:slot/capacity',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Session,
        body: Type.Object(
          { capacity: Type.Integer({ minimum: 0 }), [CSRF_FIELD]: Type.String() },
          { examples: [{ capacity: 40, _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const r = await changeSessionCapacity(app.store, viewer(req), {
        centre: req.params.code,
        slotId: req.params.slot,
        capacity: req.body.capacity,
        now: new Date(),
      });
      const msg = notice('ok', `Session ${req.params.slot}: capacity ${r.capacity}, ${r.booked} booked.`);
      return reply.type('text/html; charset=utf-8').send(await centrePage(req, req.params.code, msg));
    },
  );

  app.post(
    '/centres/:code/sessions/:slot/cancel',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Session,
        body: Type.Object(
          { reason: Type.String({ maxLength: 300 }), [CSRF_FIELD]: Type.String() },
          { examples: [{ reason: 'Vaccine delivery delayed', _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const r = await cancelSession(app.store, viewer(req), {
        centre: req.params.code,
        slotId: req.params.slot,
        reason: req.body.reason,
        now: new Date(),
      });
      const list = r.bookings.length ? `: ${r.bookings.join(', ')}` : '';
      const msg = notice(
        'ok',
        `Session ${req.params.slot} cancelled; ${r.bookings.length} booking(s) cancelled with the reason${list}.`,
      );
      return reply.type('text/html; charset=utf-8').send(await centrePage(req, req.params.code, msg));
    },
  );
};
