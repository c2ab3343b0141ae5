// /admin/v1/kids/...: operators manage the kids-vaccination catalogue (admin role).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  addProviderSlots,
  createProvider,
  createService,
  listProviders,
  providerSlots,
  requireProvider,
  updateProvider,
  updateService,
} from '../../core/kids/admin.js';
import { listServices, providerServices, serviceView } from '../../core/kids/catalogue.js';
import type { Place } from '../../store/schema.js';
import { ok, partnerResponses } from '../partner/index.js';
import { OPERATOR_SECURITY } from './guard.js';

const TAGS = ['Operators'];
const Str = (o = {}) => Type.String({ minLength: 1, maxLength: 200, ...o });
const Strings = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 30 });

const ServiceFields = {
  name: Str(),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  price_minor: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Minor units' }),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  min_age_months: Type.Integer({ minimum: 0, maximum: 240 }),
  max_age_months: Type.Integer({ minimum: 0, maximum: 240 }),
  doses: Type.Integer({ minimum: 1, maximum: 10 }),
  dose_gap_days: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  inclusions: Type.Optional(Strings),
  instructions: Type.Optional(Strings),
  home_visit: Type.Optional(Type.Boolean()),
};
const SERVICE_IN = {
  prd_id: 'KV-ACME',
  id: 'acme-flu',
  name: 'Seasonal influenza',
  price_minor: 12000,
  currency: 'SAR',
  min_age_months: 6,
  max_age_months: 215,
  doses: 1,
  inclusions: ['Vaccine dose'],
  instructions: ['Tell the nurse about egg allergies'],
  home_visit: true,
};
const CreateService = Type.Object(
  {
    prd_id: Str({ maxLength: 64 }),
    id: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' })),
    ...ServiceFields,
  },
  { additionalProperties: false, examples: [SERVICE_IN] },
);
const PatchService = Type.Partial(Type.Object({ ...ServiceFields, active: Type.Boolean() }), {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ price_minor: 15000, active: true }],
});
const AdminService = Type.Object({}, { additionalProperties: true });
const SERVICE_OUT = { ...SERVICE_IN, price: { amount: 12000, currency: 'SAR', display: 'SAR 120' }, active: true };

const ProviderKind = Type.Union([Type.Literal('clinic'), Type.Literal('home_visit')]);
const CreateProvider = Type.Object(
  {
    prd_id: Str({ maxLength: 64 }),
    name: Str(),
    type: ProviderKind,
    address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    service_radius_km: Type.Number({ exclusiveMinimum: 0, maximum: 500 }),
    timezone: Type.Optional(Type.String()),
    services: Type.Array(Str({ maxLength: 64 }), { minItems: 1, maxItems: 50 }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        prd_id: 'KV-SANDBOX',
        name: 'Al Malqa Kids Clinic',
        type: 'clinic',
        address: 'Al Malqa, Riyadh',
        lat: 24.81,
        lng: 46.61,
        service_radius_km: 15,
        services: ['kv-hexa', 'kv-pcv'],
      },
    ],
  },
);
const PatchProvider = Type.Object(
  {
    name: Type.Optional(Str()),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    service_radius_km: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    active: Type.Optional(Type.Boolean()),
    add_services: Type.Optional(
      Type.Object({ prd_id: Str({ maxLength: 64 }), ids: Type.Array(Str({ maxLength: 64 }), { minItems: 1 }) }),
    ),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ service_radius_km: 20, active: true }] },
);
const PROVIDER_OUT = {
  id: 'pl_7fq3x9k2m4',
  name: 'Al Malqa Kids Clinic',
  type: 'clinic',
  address: 'Al Malqa, Riyadh',
  lat: 24.81,
  lng: 46.61,
  service_radius_km: 15,
  timezone: 'Asia/Riyadh',
  active: true,
  services: ['kv-hexa', 'kv-pcv'],
};
const AdminProvider = Type.Object({}, { additionalProperties: true });
const ProviderId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, examples: ['kvp-riyadh-c1'] }) });
const ServiceId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, examples: ['kv-hexa'] }) });

const SlotPlanBody = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    from: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    to: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    minutes: Type.Integer({ minimum: 5, maximum: 720 }),
    capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  {
    additionalProperties: false,
    examples: [{ date: '2026-11-30', from: '09:00', to: '13:00', minutes: 60, capacity: 3 }],
  },
);
const SlotOut = Type.Object({
  id: Type.String(),
  start: Type.String(),
  end: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Integer(),
  available: Type.Integer(),
});
const SLOT_OUT = {
  id: '48213',
  start: '2026-11-30T06:00:00.000Z',
  end: '2026-11-30T07:00:00.000Z',
  label: '09:00-10:00',
  capacity: 3,
  available: 3,
};

const providerView = (p: Place, services: string[]) => ({
  id: p.code,
  name: p.name,
  type: p.kind,
  address: p.address,
  lat: p.lat,
  lng: p.lng,
  service_radius_km: p.service_radius_km,
  timezone: p.timezone,
  active: p.active === 1,
  services,
});
const slotView = (s: {
  id: number;
  start_at: string;
  end_at: string;
  label: string | null;
  capacity: number;
  available: number;
}) => ({
  id: String(s.id),
  start: s.start_at,
  end: s.end_at,
  label: s.label,
  capacity: s.capacity,
  available: s.available,
});

export const kidsAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: TAGS, security: OPERATOR_SECURITY };

  app.get(
    '/services',
    {
      schema: {
        operationId: 'adminListKidsServices',
        ...common,
        summary: 'Kids services of a product code (including inactive ones)',
        querystring: Type.Object({ prd_id: Str({ maxLength: 64 }) }),
        response: partnerResponses(Type.Object({ services: Type.Array(AdminService) }), { services: [SERVICE_OUT] }),
      },
    },
    async (req) => {
      const { prd_id } = req.query;
      return ok({ services: (await listServices(app.store.db, prd_id, { includeInactive: true })).map(serviceView) });
    },
  );

  app.post(
    '/services',
    {
      schema: {
        operationId: 'adminCreateKidsService',
        ...common,
        summary: 'Create a kids service under a product code',
        body: CreateService,
        response: partnerResponses(Type.Object({ service: AdminService }), { service: SERVICE_OUT }, 'service created'),
      },
    },
    async (req) => ok({ service: serviceView(await createService(app.store, req.body)) }, 'service created'),
  );

  app.patch(
    '/services/:id',
    {
      schema: {
        operationId: 'adminUpdateKidsService',
        ...common,
        summary: 'Change a kids service (price, ages, inclusions, active…)',
        params: ServiceId,
        body: PatchService,
        response: partnerResponses(Type.Object({ service: AdminService }), { service: SERVICE_OUT }, 'service updated'),
      },
    },
    async (req) =>
      ok({ service: serviceView(await updateService(app.store, req.params.id, req.body)) }, 'service updated'),
  );

  app.get(
    '/providers',
    {
      schema: {
        operationId: 'adminListKidsProviders',
        ...common,
        summary: 'Clinics and home-visit teams',
        response: partnerResponses(Type.Object({ providers: Type.Array(AdminProvider) }), {
          providers: [PROVIDER_OUT],
        }),
      },
    },
    async () => ok({ providers: (await listProviders(app.store)).map((p) => providerView(p, p.services)) }),
  );

  app.post(
    '/providers',
    {
      schema: {
        operationId: 'adminCreateKidsProvider',
        ...common,
        summary: 'Create a clinic or home-visit team offering some services',
        body: CreateProvider,
        response: partnerResponses(
          Type.Object({ provider: AdminProvider }),
          { provider: PROVIDER_OUT },
          'provider created',
        ),
      },
    },
    async (req) => {
      const p = await createProvider(app.store, req.body);
      return ok({ provider: providerView(p, await providerServices(app.store.db, p.id)) }, 'provider created');
    },
  );

  app.patch(
    '/providers/:id',
    {
      schema: {
        operationId: 'adminUpdateKidsProvider',
        ...common,
        summary: 'Change a provider (location, radius, services, active)',
        params: ProviderId,
        body: PatchProvider,
        response: partnerResponses(
          Type.Object({ provider: AdminProvider }),
          { provider: PROVIDER_OUT },
          'provider updated',
        ),
      },
    },
    async (req) => {
      const p = await updateProvider(app.store, req.params.id, req.body);
      return ok({ provider: providerView(p, await providerServices(app.store.db, p.id)) }, 'provider updated');
    },
  );

  app.get(
    '/providers/:id/slots',
    {
      schema: {
        operationId: 'adminListKidsProviderSlots',
        ...common,
        summary: "A provider's slots on a date, with free seats",
        params: ProviderId,
        querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        response: partnerResponses(Type.Object({ provider_id: Type.String(), slots: Type.Array(SlotOut) }), {
          provider_id: 'kvp-riyadh-c1',
          slots: [SLOT_OUT],
        }),
      },
    },
    async (req) => {
      const { id } = req.params;
      return ok({ provider_id: id, slots: (await providerSlots(app.store, id, req.query.date)).map(slotView) });
    },
  );

  app.post(
    '/providers/:id/slots',
    {
      schema: {
        operationId: 'adminAddKidsProviderSlots',
        ...common,
        summary: 'Add slots to a provider for one day (local times; existing starts are kept)',
        params: ProviderId,
        body: SlotPlanBody,
        response: partnerResponses(
          Type.Object({ provider_id: Type.String(), slots: Type.Array(SlotOut) }),
          { provider_id: 'kvp-riyadh-c1', slots: [SLOT_OUT] },
          'slots added',
        ),
      },
    },
    async (req) => {
      const { id } = req.params;
      await requireProvider(app.store, id);
      return ok(
        { provider_id: id, slots: (await addProviderSlots(app.store, id, req.body)).map(slotView) },
        'slots added',
      );
    },
  );
};
