// Catalogues (admin role): the kids-vaccination services of a product code, its providers and
// a provider's slots on a day, with slots added by the same core as /admin/v1/kids; the video
// doctors with their working hours and time off, time off added or removed by the same core as
// /admin/v1/video (each change regenerates the doctor's slots).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { addProviderSlots, listProviders, providerSlots } from '../../core/kids/admin.js';
import { listServices, serviceView } from '../../core/kids/catalogue.js';
import { adminAddTimeOff, adminListDoctors, adminRemoveTimeOff, adminSetHours } from '../../core/video/admin.js';
import { WEEKDAYS, type WorkingHours } from '../../core/video/schedule.js';
import { DomainError } from '../../core/shared/errors.js';
import { SANDBOX_PRD_ID } from '../../sandbox/kids.js';
import { html, type Html } from './html.js';
import { csrfField, notice, page, viewOf } from './layout.js';
import { CONSOLE, CSRF_FIELD, requireConsoleOperator } from './session.js';

const today = () => new Date().toISOString().slice(0, 10);

async function kidsPage(req: FastifyRequest, q: { prd_id?: string; provider?: string; date?: string }, msg?: Html) {
  const v = viewOf(req);
  const store = req.server.store;
  const prd = q.prd_id || SANDBOX_PRD_ID;
  const services = (await listServices(store.db, prd, { includeInactive: true })).map(serviceView);
  const providers = await listProviders(store);
  const date = q.date || today();
  const slots = q.provider ? await providerSlots(store, q.provider, date) : [];
  return page(
    v,
    v.t('kids.title'),
    html`${msg ?? ''}
    <form method="get" action="${CONSOLE}/kids" class="inline"><label for="prd_id">Product code</label>
      <input id="prd_id" name="prd_id" type="text" value="${prd}" maxlength="64"><button type="submit">${v.t('action.show')}</button></form>
    <h2>Services of ${prd}</h2>
    <div class="table-wrap"><table><thead><tr><th scope="col">${v.t('col.id')}</th><th scope="col">${v.t('col.service')}</th><th scope="col">${v.t('col.price')}</th>
      <th scope="col">${v.t('col.agesMonths')}</th><th scope="col">${v.t('col.doses')}</th><th scope="col">${v.t('col.active')}</th></tr></thead>
    <tbody>${services.map(
      (s) => html`<tr><td>${s.id}</td><td>${s.name}</td><td>${s.price.display}</td>
      <td>${s.age_range.min_months ?? ''}–${s.age_range.max_months ?? ''}</td><td>${s.doses ?? ''}</td><td>${s.active ? 'yes' : 'no'}</td></tr>`,
    )}</tbody></table></div>
    <h2>Providers</h2>
    <div class="table-wrap"><table><thead><tr><th scope="col">${v.t('col.provider')}</th><th scope="col">${v.t('col.kind')}</th><th scope="col">${v.t('col.services')}</th><th scope="col">${v.t('col.slots')}</th></tr></thead>
    <tbody>${providers.map(
      (p) => html`<tr><td>${p.name}</td><td>${p.kind}</td><td>${p.services.join(', ')}</td>
      <td><a href="${CONSOLE}/kids?prd_id=${encodeURIComponent(prd)}&amp;provider=${encodeURIComponent(p.code)}&amp;date=${date}">${date}</a></td></tr>`,
    )}</tbody></table></div>
    ${
      q.provider
        ? html`<h2>Slots of ${q.provider} on ${date}</h2>
      <div class="table-wrap"><table><thead><tr><th scope="col">${v.t('col.time')}</th><th scope="col">${v.t('col.capacity')}</th><th scope="col">${v.t('col.free')}</th></tr></thead>
      <tbody>${slots.map((s) => html`<tr><td>${s.label ?? s.start_at}</td><td>${s.capacity}</td><td>${s.available}</td></tr>`)}</tbody></table></div>
      <form method="post" action="${CONSOLE}/kids/${q.provider}/slots">${csrfField(v)}
        <input type="hidden" name="prd_id" value="${prd}">
        <label for="date">Date</label><input id="date" name="date" type="date" value="${date}" required>
        <label for="from">From</label><input id="from" name="from" type="time" value="09:00" required>
        <label for="to">To</label><input id="to" name="to" type="time" value="12:00" required>
        <label for="minutes">Minutes per slot</label><input id="minutes" name="minutes" type="number" min="5" max="480" value="30" required>
        <label for="capacity">Capacity per slot</label><input id="capacity" name="capacity" type="number" min="1" max="1000" value="1" required>
        <p><button type="submit">${v.t('action.addSlots')}</button></p></form>`
        : ''
    }`,
  );
}

async function doctorsPage(req: FastifyRequest, msg?: Html) {
  const v = viewOf(req);
  const doctors = await adminListDoctors(req.server.store);
  return page(
    v,
    v.t('doctors.title'),
    html`${msg ?? ''}${doctors.map(({ doctor: d, speciality, hours, time_off }) => {
      const name = [d.title, d.first_name, d.last_name].filter(Boolean).join(' ');
      return html`<section class="card" aria-label="${name}"><h2>${name}</h2><p class="muted">${d.code} · ${speciality} · ${d.timezone}</p>
      <form method="post" action="${CONSOLE}/doctors/${d.code}/hours">${csrfField(v)}
        <label for="hours-${d.code}">${v.t('doctors.hours')} (one line each, like <code>monday 09:00-13:00</code>)</label>
        <textarea id="hours-${d.code}" name="hours" rows="${Math.max(3, hours.length + 1)}" cols="28">${hours.map(hoursLine).join('\n')}</textarea>
        <p><button type="submit" class="secondary">${v.t('action.saveHours')}</button></p></form>
      <h3>${v.t('doctors.timeOff')}</h3>
      <ul>${time_off.map(
        (t) => html`<li>${t.starts_at} → ${t.ends_at} ${t.reason ?? ''}
        <form class="inline" method="post" action="${CONSOLE}/doctors/${d.code}/time-off/${t.time_off_id}/remove">${csrfField(v)}
        <button type="submit" class="secondary">${v.t('action.remove')}</button></form></li>`,
      )}</ul>
      <form method="post" action="${CONSOLE}/doctors/${d.code}/time-off">${csrfField(v)}
        <label for="from-${d.code}">From (ISO time, e.g. 2026-12-01T09:00:00Z)</label><input id="from-${d.code}" name="starts_at" type="text" required>
        <label for="to-${d.code}">To</label><input id="to-${d.code}" name="ends_at" type="text" required>
        <label for="why-${d.code}">Reason</label><input id="why-${d.code}" name="reason" type="text" maxlength="200">
        <p><button type="submit" class="secondary">${v.t('action.addTimeOff')}</button></p></form></section>`;
    })}`,
  );
}

const hoursLine = (h: WorkingHours) => `${WEEKDAYS[h.weekday]} ${h.start}-${h.end}`;

/** Working hours from the form's lines (`monday 09:00-13:00`); the core checks times and overlaps. */
export function parseHours(text: string): WorkingHours[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^([a-z]+)\s+(\S+)\s*-\s*(\S+)$/i.exec(line);
      const weekday = m ? WEEKDAYS.indexOf(m[1].toLowerCase() as (typeof WEEKDAYS)[number]) : -1;
      if (!m || weekday < 0)
        throw new DomainError(
          'invalid',
          `working hours line ${i + 1} ("${line.slice(0, 40)}"): write it like "monday 09:00-13:00"`,
          {
            field: 'hours',
          },
        );
      return { weekday, start: m[2], end: m[3] };
    });
}

const text = (max: number) => Type.String({ maxLength: max });
const Csrf = { [CSRF_FIELD]: Type.String() };

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guard = requireConsoleOperator(['admin']);
  const KidsQuery = Type.Object(
    { prd_id: Type.Optional(text(64)), provider: Type.Optional(text(60)), date: Type.Optional(text(10)) },
    { examples: [{ prd_id: 'KV-SANDBOX', provider: 'pl_abcdefghijklmnop', date: '2026-12-01' }] },
  );
  app.get('/kids', { preValidation: guard, schema: { hide: true, querystring: KidsQuery } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await kidsPage(req, req.query)),
  );
  app.post(
    '/kids/:provider/slots',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Type.Object({ provider: text(60) }, { examples: [{ provider: 'pl_abcdefghijklmnop' }] }),
        body: Type.Object(
          {
            prd_id: Type.Optional(text(64)),
            date: text(10),
            from: text(5),
            to: text(5),
            minutes: Type.Integer({ minimum: 5, maximum: 480 }),
            capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
            ...Csrf,
          },
          { examples: [{ date: '2026-12-01', from: '09:00', to: '12:00', minutes: 30, capacity: 1, _csrf: '…' }] },
        ),
      },
    },
    async (req, reply) => {
      const { date, from, to, minutes, capacity, prd_id } = req.body;
      const slots = await addProviderSlots(app.store, req.params.provider, { date, from, to, minutes, capacity });
      const msg = notice('ok', `${req.params.provider} now has ${slots.length} slots on ${date}.`);
      const q = { prd_id, provider: req.params.provider, date };
      return reply.type('text/html; charset=utf-8').send(await kidsPage(req, q, msg));
    },
  );

  app.get('/doctors', { preValidation: guard, schema: { hide: true } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await doctorsPage(req)),
  );
  const Doctor = Type.Object({ code: text(60) }, { examples: [{ code: 'doc_abcdefghijklmnop' }] });
  app.post(
    '/doctors/:code/time-off',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Doctor,
        body: Type.Object(
          { starts_at: text(40), ends_at: text(40), reason: Type.Optional(text(200)), ...Csrf },
          {
            examples: [
              { starts_at: '2026-12-01T09:00:00Z', ends_at: '2026-12-01T13:00:00Z', reason: 'training', _csrf: '…' },
            ],
          },
        ),
      },
    },
    async (req, reply) => {
      const { starts_at, ends_at, reason } = req.body;
      const r = await adminAddTimeOff(
        app.store,
        req.params.code,
        { starts_at, ends_at, reason: reason || null },
        app.config.videoSlotDays,
      );
      const msg = notice('ok', `Time off added for ${req.params.code}; ${r.slots?.removed ?? 0} free slot(s) removed.`);
      return reply.type('text/html; charset=utf-8').send(await doctorsPage(req, msg));
    },
  );
  app.post(
    '/doctors/:code/hours',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Doctor,
        body: Type.Object({ hours: text(2000), ...Csrf }, { examples: [{ hours: 'monday 09:00-13:00', _csrf: '…' }] }),
      },
    },
    async (req, reply) => {
      const r = await adminSetHours(app.store, req.params.code, parseHours(req.body.hours), app.config.videoSlotDays);
      const msg = notice(
        'ok',
        `Working hours of ${req.params.code} saved; ${r.slots?.created ?? 0} slot(s) created, ${r.slots?.removed ?? 0} removed.`,
      );
      return reply.type('text/html; charset=utf-8').send(await doctorsPage(req, msg));
    },
  );
  app.post(
    '/doctors/:code/time-off/:id/remove',
    {
      preValidation: guard,
      schema: {
        hide: true,
        params: Type.Object(
          { code: text(60), id: text(60) },
          { examples: [{ code: 'doc_abcdefghijklmnop', id: 'off_abcdefghijklmnop' }] },
        ),
        body: Type.Object(Csrf, { examples: [{ _csrf: '…' }] }),
      },
    },
    async (req, reply) => {
      await adminRemoveTimeOff(app.store, req.params.code, req.params.id, app.config.videoSlotDays);
      const msg = notice('ok', `Time off removed for ${req.params.code}; its slots are generated again.`);
      return reply.type('text/html; charset=utf-8').send(await doctorsPage(req, msg));
    },
  );
};
