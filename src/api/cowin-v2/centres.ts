// Vaccination centres near a point (findByLatLong): public, and protected with a bearer token.
// The nearest centres' ids come from the core; their rows through the same listing read and
// cache as every other centre listing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { centreIdsNear } from '../../core/cowin/nearby.js';
import { badInput } from './errors.js';
import { localiser } from './i18n.js';
import { presentCentre } from './present.js';
import { BENEFICIARY_SECURITY, Centres, errors, PUBLIC_SECURITY, TAGS } from './schemas.js';

const LAT: [number, number] = [8.06, 37.1];
const LONG: [number, number] = [68.11, 97.41];

function coordinate(raw: string | undefined, name: string, [min, max]: [number, number]): number {
  const s = String(raw ?? '').trim();
  if (s === '') throw badInput(`${name} is required, e.g. ${name}=${name === 'lat' ? '28.70' : '77.10'}`);
  const n = Number(s);
  if (!/^-?\d+(\.\d+)?$/.test(s) || n < min || n > max)
    throw badInput(`${name} must be a number from ${min} to ${max} (India), got "${s.slice(0, 40)}"`);
  return n;
}

export const centreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reads = app.cowinV2Reads;
  for (const [url, guard, security] of [
    ['/api/v2/appointment/centers/public/findByLatLong', app.cowinV2Auth.publicKey, PUBLIC_SECURITY],
    ['/api/v2/appointment/centers/findByLatLong', app.cowinV2Auth.beneficiary, BENEFICIARY_SECURITY],
  ] as const) {
    app.get(
      url,
      {
        preHandler: guard,
        schema: {
          operationId: url.includes('public') ? 'findByLatLongPublic' : 'findByLatLong',
          tags: TAGS,
          security: [...security],
          summary: `Vaccination centres near a point, nearest first (${url.includes('public') ? 'public' : 'protected'})`,
          querystring: Type.Object({
            lat: Type.Optional(Type.String({ examples: ['28.70'] })),
            long: Type.Optional(Type.String({ examples: ['77.10'] })),
          }),
          response: { 200: Centres, ...errors(400, 401) },
        },
      },
      async (req) => {
        const lat = coordinate(req.query.lat, 'lat', LAT);
        const long = coordinate(req.query.long, 'long', LONG);
        const now = new Date();
        const ids = await centreIdsNear(app.store.db, lat, long);
        const byId = new Map((await reads.centres({ ids }, now)).map((c) => [c.id, c]));
        const loc = localiser(req.headers['accept-language']);
        return {
          centers: ids.flatMap((id) => {
            const c = byId.get(id);
            return c ? [presentCentre(c, loc, [])] : [];
          }),
          ttl: 24,
        };
      },
    );
  }
};
