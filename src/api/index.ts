// The API dialects, each in its own encapsulated scope with helmet's security headers
// (computed once: ./security-headers.ts). The docs page (/docs) lives outside this scope, so
// helmet's CSP does not blank it; so does the operator console, which sends its own.
import type { FastifyInstance } from 'fastify';
import { cowinApi } from './cowin/index.js';
import { cowinV2Api } from './cowin-v2/index.js';
import { adminApi } from './admin/index.js';
import { consoleApp } from './console/index.js';
import { kidsVaccinationApi } from './kids-vaccination/index.js';
import { paymentRoutes } from './payments/index.js';
import { installRateLimits } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { smartSchedulingApi } from './smart-scheduling/index.js';
import { videoConsultationApi } from './video-consultation/index.js';
import { webhooksApi } from './webhooks/index.js';

export async function registerApis(app: FastifyInstance): Promise<void> {
  await app.register(async (api) => {
    const headers = securityHeaders(api);
    const limits = installRateLimits(api);
    // The reads answered around Fastify get what this scope gives its answers (./fast-reads.ts).
    app.fastReads.open({
      log: app.log,
      metrics: app.metrics,
      headers: Object.entries(headers).flat(),
      limits,
    });
    await api.register(cowinApi);
    await api.register(cowinV2Api);
    // Further dialects register here.
    await api.register(paymentRoutes);
    await api.register(adminApi);
    await api.register(kidsVaccinationApi, { prefix: api.config.kidsPrefix });
    await api.register(videoConsultationApi);
    await api.register(smartSchedulingApi);
    await api.register(webhooksApi, { prefix: '/webhooks/v1' });
  });
  // The operator console (/console) sets its own stricter security headers.
  await app.register(consoleApp);
}
