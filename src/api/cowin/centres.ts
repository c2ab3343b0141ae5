// Centres and time slots (seed 002, D1–D4): find centres by pincode, block or district, and a
// centre's sessions between two dates. Unknown ids give empty lists; malformed ones a 400.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { CentreCache } from '../../core/cowin/centre-cache.js';
import type { SlotAvailability } from '../../core/scheduling/availability.js';
import type { Centre, CentreFilter, CentreSummary } from '../../core/cowin/centres.js';
import { wallClock } from '../../core/shared/time.js';
import type { FastAnswer, FastQuery } from '../fast-reads.js';
import { CowinError } from './errors.js';
import { centreView, CentreView } from './centre-view.js';
import { ddmmyyyy, idValue, pincodeValue, timings, toDdMmYyyy, upcomingDate } from './params.js';

const tags = ['Registration & Appointment'];
const security: Record<string, string[]>[] = [{ guestToken: [] }, { beneficiaryToken: [] }];
const errors = { 400: { $ref: 'CowinError#' }, 401: { $ref: 'CowinError#' } };
/** Longest date range one time-slot query may cover. */
export const MAX_RANGE_DAYS = 31;

const Centres = Type.Object({ centers: Type.Array(CentreView) }, { examples: [{ centers: [CentreView.examples[0]] }] });
const TimeSlots = Type.Object(
  {
    center_id: Type.String(),
    timeslots: Type.Array(
      Type.Object({
        date: Type.String(),
        slot_id: Type.String(),
        slot_name: Type.String(),
        timings: Type.String(),
        available_capacity: Type.String(),
      }),
    ),
  },
  {
    examples: [
      {
        center_id: '1234',
        timeslots: [
          { date: '31-03-2021', slot_id: '3456', slot_name: 'Morning', timings: '9AM-11AM', available_capacity: '5' },
          { date: '01-04-2021', slot_id: '9673', slot_name: 'Afternoon', timings: '2PM-4PM', available_capacity: '0' },
        ],
      },
    ],
  },
);

const q = (props: Record<string, string>) =>
  Type.Object(
    Object.fromEntries(Object.entries(props).map(([k, ex]) => [k, Type.Optional(Type.String({ examples: [ex] }))])),
  );

export const centreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const auth = app.cowinAuth.guestOrBeneficiary;
  // Answers are rendered to JSON once and reused while still right (see core/cowin/centre-cache.ts);
  // the response schemas stay on the routes for OpenAPI and describe exactly this text.
  const cache = new CentreCache(app.store.db, app.config.readCacheMs, app.config.answerCacheMb * 2 ** 20);
  const json = (reply: FastifyReply, text: Buffer) => reply.type('application/json; charset=utf-8').send(text);
  // The kept answers are also given around Fastify (../fast-reads.ts) to a request whose
  // credentials are already known good and whose query these routes' own parsers accept.
  const fast =
    (peek: (query: FastQuery) => Buffer | undefined): FastAnswer =>
    (query, req) => {
      const principal = app.cowinAuth.knownGuestOrBeneficiary(req.headers);
      const text = principal === undefined ? undefined : peek(query);
      return text === undefined ? undefined : { text, principal: principal! };
    };

  const render = (centres: Centre[], summaries: Map<number, CentreSummary>) =>
    JSON.stringify({ centers: centres.map((c) => centreView(c, summaries.get(c.id)!)) });
  async function answer(reply: FastifyReply, filter: CentreFilter) {
    return json(reply, await cache.listing(filter, render));
  }
  // Every listing is rendered once at start, after the read model's data (../../jobs.ts).
  app.readModel.prerenders.push((filters, stopped) => cache.prerender(filters, render, stopped));

  const finders: {
    names: string[];
    param: string;
    example: string;
    summary: string;
    filter: (v: string | undefined) => CentreFilter;
  }[] = [
    {
      names: ['findByPin', 'findbyPin'],
      param: 'pin',
      example: '110003',
      summary: 'Centres by pincode (D1)',
      filter: (v) => ({ pincode: pincodeValue(v, 'pin') }),
    },
    {
      names: ['findbyBlock', 'findByBlock'],
      param: 'block_id',
      example: '1234',
      summary: 'Centres by block (D2)',
      filter: (v) => ({ blockId: idValue(v, 'block_id') }),
    },
    {
      names: ['findbyDistrict', 'findByDistrict'],
      param: 'district_id',
      example: '141',
      summary: 'Centres by district (D3)',
      filter: (v) => ({ districtId: idValue(v, 'district_id') }),
    },
  ];
  for (const f of finders) {
    for (const [i, name] of f.names.entries()) {
      const path = `/api/v1/appointment/centers/${name}`;
      app.fastReads.add(
        path,
        fast((query) => cache.peekListing(f.filter(query[f.param]))),
      );
      app.get(
        path,
        {
          preHandler: auth,
          schema: {
            operationId: `findCentresBy${f.names[0].slice(6)}`,
            tags,
            security,
            summary: f.summary,
            hide: i > 0,
            querystring: q({ [f.param]: f.example }),
            response: { 200: Centres, ...errors },
          },
        },
        async (req, reply) => answer(reply, f.filter(req.query[f.param])),
      );
    }
  }

  /** A centre's time slots as D4 answers them (`timeslots: []` for an unknown centre). */
  const renderTimeSlots = (centreId: number) => (centre: Centre | undefined, slots: SlotAvailability[]) =>
    JSON.stringify({
      center_id: String(centre?.id ?? centreId),
      timeslots: !centre
        ? []
        : slots.map((s) => {
            const a = wallClock(s.start_at, centre.timezone);
            const b = wallClock(s.end_at, centre.timezone);
            const t = timings(a.time, b.time);
            return {
              date: toDdMmYyyy(a.date),
              slot_id: String(s.id),
              slot_name: s.label ?? t,
              timings: t,
              available_capacity: String(Math.max(0, s.available)),
            };
          }),
    });

  for (const [i, name] of ['findByCenter', 'findbyCenter'].entries()) {
    const path = `/api/v1/appointment/timeslots/${name}`;
    // Kept, or rendered at once from the centre and slots kept in memory (no SQL).
    app.fastReads.add(
      path,
      fast((query) => {
        const now = app.now();
        const { centreId, from, to } = timeSlotQuery(query, now);
        return cache.renderKeptTimeSlots(centreId, from, to, renderTimeSlots(centreId), now);
      }),
    );
    app.get(
      path,
      {
        preHandler: auth,
        schema: {
          operationId: 'findTimeSlotsByCentre',
          tags,
          security,
          hide: i > 0,
          summary: `Time slots of a centre between two dates (D4), at most ${MAX_RANGE_DAYS} days`,
          querystring: q({ center_id: '1234', from: '31-03-2021', to: '06-04-2021' }),
          response: { 200: TimeSlots, ...errors },
        },
      },
      async (req, reply) => {
        const now = app.now();
        const { centreId, from, to } = timeSlotQuery(req.query, now);
        const text = await cache.timeSlotsOf(centreId, from, to, renderTimeSlots(centreId), now);
        return json(reply, text);
      },
    );
  }
};

/** A time-slot query's centre and local dates (YYYY-MM-DD), or the CowinError that refuses it. */
function timeSlotQuery(query: Record<string, string | undefined>, now: Date) {
  const centreId = idValue(query.center_id, 'center_id');
  const from = ddmmyyyy(query.from, 'from');
  const to = ddmmyyyy(query.to, 'to');
  if (to < from) throw new CowinError('APPOIN0001', `to (${query.to}) must not be before from (${query.from})`);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS)
    throw new CowinError('APPOIN0001', `from and to may span at most ${MAX_RANGE_DAYS} days; this range spans ${days}`);
  // A range that ended before today is refused once its shape is right.
  upcomingDate(query.to, 'to', now);
  return { centreId, from, to };
}
