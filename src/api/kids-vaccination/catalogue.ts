// POST /services and /details (no credentials needed; verified when sent) and the signed POST /browse.
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { DomainError } from '../../core/shared/errors.js';
import {
  browse,
  CATALOGUE_CACHE_TTL_MS,
  findService,
  listServices,
  serviceView,
  type KidsService,
} from '../../core/kids/catalogue.js';
import { catalogueVersion } from '../../core/scheduling/changes.js';
import { KeptAnswers } from '../../core/scheduling/kept-answers.js';
import { countCache } from '../../core/shared/cache-stats.js';
import { cacheNow } from '../../core/shared/ttl-cache.js';
import { requireProduct } from '../../core/kids/booking.js';
import { isIsoDate } from '../../core/shared/time.js';
import { pastDate, pastDateMessage } from '../dates.js';
import { routeBody } from '../fast-bodies.js';
import {
  PARTNER_SECURITY,
  keptPartnerAuth,
  ok,
  partnerAuth,
  partnerResponses,
  requirePartner,
} from '../partner/index.js';
import { BrowseBody, DetailsBody, PROVIDER_EXAMPLE, SERVICE_EXAMPLE, ServicesBody } from './schemas.js';

const TAGS = ['Kids Vaccination'];
const OPTIONAL_SECURITY = [{}, ...PARTNER_SECURITY];
const view = (s: KidsService) => ({ ...s, clinic: true });

type Browse = Static<typeof BrowseBody>;
/** The key of a kept browse answer: what the answer depends on besides the time and the slots. */
const browseKey = (b: Browse) => JSON.stringify([b.prd_id, b.services, b.date, b.location.lat, b.location.lng]);

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // At most 10,000 browse answers and about 32 MiB of them (an answer lists up to ~20 providers).
  const answers = new KeptAnswers(CATALOGUE_CACHE_TTL_MS, 10_000, 32 * 1024 * 1024);
  app.post(
    '/services',
    {
      preValidation: partnerAuth({ optional: true }),
      schema: {
        operationId: 'listKidsServices',
        tags: TAGS,
        summary: '01 · List the services of a product code',
        security: OPTIONAL_SECURITY,
        body: ServicesBody,
        response: partnerResponses(
          Type.Object({ prd_id: Type.String(), services: Type.Array(Type.Ref('KidsService')) }),
          { prd_id: 'KV-SANDBOX', services: [SERVICE_EXAMPLE] },
        ),
      },
    },
    async (req) => {
      const { prd_id } = req.body;
      const rows = await listServices(app.store.db, prd_id);
      if (rows.length === 0)
        throw new DomainError(
          'not_found',
          `no services under prd_id ${prd_id}; check the product code you were given`,
          { field: 'prd_id' },
        );
      return ok({ prd_id, services: rows.map((r) => view(serviceView(r))) });
    },
  );

  app.post(
    '/details',
    {
      preValidation: partnerAuth({ optional: true }),
      schema: {
        operationId: 'getKidsServiceDetails',
        tags: TAGS,
        summary: '02 · Details of one service: price, age range, doses, inclusions, instructions',
        security: OPTIONAL_SECURITY,
        body: DetailsBody,
        response: partnerResponses(Type.Object({ service: Type.Ref('KidsService') }), { service: SERVICE_EXAMPLE }),
      },
    },
    async (req) => {
      const { id, prd_id } = req.body;
      const row = await findService(app.store.db, prd_id, id);
      if (!row)
        throw new DomainError(
          'not_found',
          `service ${id} does not exist under prd_id ${prd_id}; list them with /services`,
          { field: 'id' },
        );
      return ok({ service: view(serviceView(row)) });
    },
  );

  // Also answered around Fastify (../fast-posts.ts) when the partner's credentials are kept, the
  // signature holds, the body is one the route accepts (judged as the route judges it, and
  // given as its handler gets it: ../fast-bodies.ts), and the answer is kept and current: the
  // same checks as the route's below, in the same order, and the same text. Anything else, and
  // every error, is the route's.
  const browseBody = routeBody<Browse>(app, `${app.prefix}/browse`, BrowseBody);
  app.fastReads.addPost(app, `${app.prefix}/browse`, (req) => {
    const auth = keptPartnerAuth(app.store.db, app.config.secret, req);
    if (!auth) return undefined;
    return (raw) => {
      if (!auth.signs(raw)) return undefined;
      const body = browseBody(raw);
      if (!body || !auth.products?.includes(body.prd_id) || !isIsoDate(body.date)) return undefined;
      const now = app.now();
      if (pastDate(body.date, now)) return undefined;
      const text = answers.get(browseKey(body), catalogueVersion(), now);
      if (text === undefined) return undefined;
      const spend = async () => {
        // Not spent (a replay, or the database failed): the route meets the same and answers it.
        if (!(await auth.spend().catch(() => false))) return undefined;
        countCache('kids_browse', true);
        return text;
      };
      return { principal: `partner:${auth.partner.id}`, answer: spend };
    };
  });

  app.post(
    '/browse',
    {
      preValidation: partnerAuth(),
      schema: {
        operationId: 'browseKidsSlots',
        tags: TAGS,
        summary:
          '03 · Providers reaching a location with all the services, nearest first, with their free slots (signed)',
        description:
          'Clinics and home-visit teams whose service radius covers `location`, offering every service in `services`, with the slots of `date` that still have a free seat. Providers with no free slot that day are left out.',
        security: PARTNER_SECURITY,
        body: BrowseBody,
        response: partnerResponses(
          Type.Object({ date: Type.String(), providers: Type.Array(Type.Ref('KidsProvider')) }),
          { date: '2026-11-24', providers: [PROVIDER_EXAMPLE] },
        ),
      },
    },
    async (req, reply) => {
      const body = req.body;
      await requireProduct(app.store, requirePartner(req), body.prd_id);
      if (!isIsoDate(body.date))
        throw new DomainError('invalid', 'date must be a real calendar date in YYYY-MM-DD form', { field: 'date' });
      const now = app.now();
      const past = pastDate(body.date, now);
      if (past) throw new DomainError('invalid', pastDateMessage('date', body.date, past.today), { field: 'date' });
      // The answer is kept as the bytes sent (core/scheduling/kept-answers.ts): a repeated
      // browse of the same services, day and location renders nothing until one of the
      // providers reaching it changes, a shown slot starts or a hold runs out.
      const key = browseKey(body);
      const catalogue = catalogueVersion();
      const readAt = cacheNow();
      const kept = answers.get(key, catalogue, now);
      countCache('kids_browse', kept !== undefined);
      if (kept === undefined) {
        const found = await browse(app.store.db, { ...body, prdId: body.prd_id, now });
        const { providers } = found;
        const text = String(
          reply.serialize(
            ok(
              { date: body.date, providers },
              providers.length ? 'data found' : 'no provider with free slots reaches this location on this date',
            ),
          ),
        );
        const bytes = answers.set(key, text, found, catalogue, readAt);
        return reply.type('application/json; charset=utf-8').send(bytes);
      }
      return reply.type('application/json; charset=utf-8').send(kept);
    },
  );
};
