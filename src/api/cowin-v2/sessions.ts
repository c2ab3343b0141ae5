// Appointment availability: the public sessions and calendars (cowin-public-v2.yaml), the v4
// protected ones with their optional `vaccine` filter (cowin-protected-v2.yaml), and the 2021
// /api/v2/appointment/sessions/* paths that many clients still call, as aliases of v4.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CentreFilter } from '../../core/cowin/centres.js';
import { addDays, wallClock } from '../../core/shared/time.js';
import { COWIN_ZONE } from '../dates.js';
import { V2Error } from './errors.js';
import { localiser, type Localiser } from './i18n.js';
import { idValue, dateValue, pincodeValue, vaccineFilter } from './params.js';
import { calendarEntry, sessionEntries } from './present.js';
import type { AnswerToRender, CentreHeader, DaySession, KeptSessions, Validity } from './session-reads.js';
import { BENEFICIARY_SECURITY, Calendar, CalendarEntryV2, errors, PUBLIC_SECURITY, Sessions, TAGS } from './schemas.js';

/** Days a calendar covers, from the given date. */
export const CALENDAR_DAYS = 7;
/**
 * Days ahead whose public session answers are rendered at start (while they fit): two weeks,
 * as far ahead as a drive usually publishes its sessions.
 */
const PRERENDER_DAYS = 14;

const q = (props: Record<string, string>) =>
  Type.Object(
    Object.fromEntries(Object.entries(props).map(([k, ex]) => [k, Type.Optional(Type.String({ examples: [ex] }))])),
  );
type Query = Record<string, string | undefined>;

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reads = app.cowinV2Reads;
  const ids = app.cowinV2Ids;
  const guards = app.cowinV2Auth;

  const byPin = (v: Query): CentreFilter => ({ pincode: pincodeValue(v.pincode) });
  const byDistrict = (v: Query): CentreFilter => ({ districtId: idValue(v.district_id, 'district_id', 'APPOIN0016') });

  /** A centre's sessions as listed: of `vaccine` only when one is asked for. */
  const listed = (centre: CentreHeader, sessions: DaySession[], loc: Localiser, vaccine: string | undefined) => ({
    centre,
    loc,
    sessions: vaccine ? sessions.filter((s) => s.vaccine?.name.toUpperCase() === vaccine) : sessions,
  });
  type Listed = ReturnType<typeof listed>;

  async function read(
    centres: CentreHeader[],
    loc: Localiser,
    date: string,
    days: number,
    now: Date,
    validity: Validity,
    vaccine?: string,
  ): Promise<Listed[]> {
    const found = await Promise.all(
      centres.map(async (centre) =>
        listed(centre, await reads.sessionsOf(centre, date, days, now, validity), loc, vaccine),
      ),
    );
    return found.filter((x) => x.sessions.length > 0);
  }

  /** `read` from kept data only; undefined when a centre's sessions would have to be read. */
  function readKept(
    centres: CentreHeader[],
    kept: KeptSessions,
    loc: Localiser,
    date: string,
    days: number,
  ): Listed[] | undefined {
    const found: Listed[] = [];
    for (const centre of centres) {
      const sessions = kept(centre, date, days);
      if (sessions === undefined) return undefined;
      if (sessions.length > 0) found.push(listed(centre, sessions, loc, undefined));
    }
    return found;
  }

  /** Each public finder's answers to render at start on a date (calendars: today only). */
  const aheadOfTime: ((
    date: string,
    filters: { today: string; listed: readonly CentreFilter[] },
  ) => AnswerToRender[])[] = [];

  const finders: {
    name: string;
    param: Record<string, string>;
    filter: (v: Query) => CentreFilter;
    calendar: boolean;
  }[] = [
    { name: 'findByPin', param: { pincode: '110001' }, filter: byPin, calendar: false },
    { name: 'findByDistrict', param: { district_id: '512' }, filter: byDistrict, calendar: false },
    { name: 'calendarByPin', param: { pincode: '110001' }, filter: byPin, calendar: true },
    { name: 'calendarByDistrict', param: { district_id: '512' }, filter: byDistrict, calendar: true },
  ];

  for (const f of finders) {
    const summary = f.calendar
      ? `Vaccination sessions for ${CALENDAR_DAYS} days from a date, by ${f.name.slice(10).toLowerCase()}`
      : `Vaccination sessions on a date, by ${f.name.slice(6).toLowerCase()}`;
    // The answer is kept as the text sent (SessionReads.rendered), serialised by the route's
    // own response schema, so a repeated read renders nothing.
    /** The key of an answer: what it depends on besides the centres. */
    const keyOf = (date: string, vaccine: string | undefined, loc: Localiser) =>
      `${f.name}|${date}|${vaccine ?? ''}|${loc.lang ?? ''}`;
    /** What an answer depends on besides the centres, from the query (the route's parsers refuse bad values). */
    const ask = (query: Query, headers: IncomingHttpHeaders, now: Date, withVaccine: boolean) => {
      const filter = f.filter(query);
      const vaccine = withVaccine ? vaccineFilter(query.vaccine) : undefined;
      const loc = localiser(headers['accept-language']);
      const date = dateValue(query.date, now);
      return { filter, vaccine, loc, date, key: keyOf(date, vaccine, loc) };
    };
    const days = f.calendar ? CALENDAR_DAYS : 1;
    const body = (found: Listed[]) =>
      f.calendar
        ? { centers: found.map((x) => calendarEntry(x.centre, x.sessions, x.loc, ids)) }
        : { sessions: found.flatMap((x) => sessionEntries(x.centre, x.sessions, x.loc, ids)) };
    const response = { 200: f.calendar ? Calendar : Sessions, ...errors(400, 401) };
    const path = `/api/v2/appointment/sessions/public/${f.name}`;
    /**
     * The public route's serializer: its response schema compiled by the compiler Fastify
     * compiles it with, the same function (`serializerCompiler` is there once the server started).
     */
    let serialize: ((payload: unknown) => string) | undefined;
    const serializer = () =>
      (serialize ??= app.serializerCompiler?.({ schema: response[200], method: 'GET', url: path, httpStatus: '200' }));
    const handler = (withVaccine: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
      const now = req.server.now();
      const { filter, vaccine, loc, date, key } = ask(req.query as Query, req.headers, now, withVaccine);
      const text = await reads.rendered(key, filter, now, async (centres, validity) => {
        const found = await read(centres, loc, date, days, now, validity, vaccine);
        return String(reply.serialize(body(found)));
      });
      return reply.type('application/json; charset=utf-8').send(text);
    };
    // The answer is also given around Fastify (../fast-reads.ts) to a request without a key
    // (one with a key is checked against the database, by the route): a kept one, or one
    // rendered at once from the kept listing and slots, with the route's serializer.
    app.fastReads.add(path, (query, req) => {
      const key = req.headers['x-api-key'];
      if (key !== undefined && key !== '') return undefined;
      const now = app.now();
      const asked = ask(query, req.headers, now, false);
      const text = reads.renderKept(asked.key, asked.filter, now, publicBuild(asked.loc, asked.date));
      return text === undefined ? undefined : { text, principal: null };
    });
    /** The public answer's `renderKept` build: from kept data only, with the route's serializer. */
    function publicBuild(loc: Localiser, date: string) {
      return (centres: CentreHeader[], _validity: Validity, kept: KeptSessions) => {
        const serialize = serializer();
        const found = serialize && readKept(centres, kept, loc, date, days);
        return found && serialize(body(found));
      };
    }
    const loc = localiser(undefined);
    aheadOfTime.push((date, filters) =>
      f.calendar && date !== filters.today
        ? []
        : filters.listed
            .filter((x) => (f.filter === byPin ? x.pincode : x.districtId) !== undefined)
            .map((filter) => ({ key: keyOf(date, undefined, loc), filter, build: publicBuild(loc, date) })),
    );
    app.get(
      path,
      {
        preHandler: guards.publicKey,
        schema: {
          operationId: `${f.name}Public`,
          tags: TAGS,
          security: PUBLIC_SECURITY,
          summary: `${summary} (public)`,
          querystring: q({ ...f.param, date: '31-03-2021' }),
          response,
        },
      },
      handler(false),
    );
    for (const prefix of ['/api/v4/appointment/sessions', '/api/v2/appointment/sessions']) {
      const v4 = prefix.startsWith('/api/v4');
      app.get(
        `${prefix}/${f.name}`,
        {
          preHandler: guards.beneficiary,
          schema: {
            operationId: f.name,
            tags: TAGS,
            security: BENEFICIARY_SECURITY,
            summary: v4
              ? `${summary} (protected), optionally of one vaccine`
              : `2021 path of /api/v4/appointment/sessions/${f.name}`,
            hide: !v4,
            querystring: q({
              ...f.param,
              date: '31-03-2021',
              vaccine: 'COVISHIELD',
              ...(f.calendar ? { precaution_flag: 'false' } : {}),
            }),
            response,
          },
        },
        handler(true),
      );
    }
  }

  // The public answers in English of the PRERENDER_DAYS ahead, rendered at start after the
  // listings (../../jobs.ts) while the kept answers have room, so a first search costs what a
  // repeated one does: every finder's for today first, then the sessions of each following day.
  app.readModel.prerenders.push(async (listed, stopped) => {
    const today = wallClock(app.now(), COWIN_ZONE).date;
    function* answers() {
      for (let i = 0; i < PRERENDER_DAYS; i++)
        for (const finder of aheadOfTime) yield* finder(addDays(today, i), { today, listed });
    }
    await reads.prerenderAnswers(answers(), () => app.now(), stopped);
  });

  app.get(
    '/api/v2/appointment/sessions/public/calendarByCenter',
    {
      preHandler: guards.publicKey,
      schema: {
        operationId: 'calendarByCenter',
        tags: TAGS,
        security: PUBLIC_SECURITY,
        summary: `A centre's vaccination sessions for ${CALENDAR_DAYS} days from a date (public)`,
        querystring: q({ center_id: '1234', date: '31-03-2021' }),
        response: { 200: CalendarEntryV2, ...errors(400, 401) },
      },
    },
    async (req) => {
      const centreId = idValue(req.query.center_id, 'center_id');
      const now = app.now();
      const date = dateValue(req.query.date, now);
      const [centre] = await reads.centres({ ids: [centreId] }, now);
      if (!centre) throw new V2Error('APPOIN0062', `No vaccination centre has center_id ${centreId}`);
      const sessions = await reads.sessionsOf(centre, date, CALENDAR_DAYS, now);
      return calendarEntry(centre, sessions, localiser(req.headers['accept-language']), ids);
    },
  );
};
