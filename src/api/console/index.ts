// The operator console at /console: server-rendered HTML with htmx, for operators in the admin
// and facility roles, on the same login and operator token as the APIs (docs/console.md).
// Its own scope: its own error pages, a strict Content-Security-Policy (every script and
// style is a file Careslot serves; no inline code), and no OpenAPI entries.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiKeyRoutes } from './api-keys.js';
import { assetRoutes } from './assets.js';
import { auditRoutes } from './audit.js';
import { catalogueRoutes } from './catalogues.js';
import { centreRoutes } from './centres.js';
import { dashboardRoutes } from './dashboard.js';
import { guestRoutes } from './guests.js';
import { installConsoleErrors } from './errors.js';
import { loginRoutes } from './login.js';
import { lookupRoutes } from './lookup.js';
import { moneyRoutes } from './money.js';
import { partnerRoutes } from './partners.js';
import { webhookRoutes } from './webhooks.js';
import { CONSOLE } from './session.js';
import { uploadRoutes } from './upload.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const consoleApp: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(
    async (c) => {
      installConsoleErrors(c);
      c.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-security-policy', CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'same-origin');
        reply.header('x-frame-options', 'DENY');
        if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
          reply.header('cache-control', 'no-store');
        return payload;
      });
      await c.register(multipart, {
        limits: { fileSize: c.config.facilityUploadMaxMb * 1024 * 1024, files: 1, fields: 5, parts: 6 },
      });
      await c.register(assetRoutes);
      await c.register(loginRoutes);
      await c.register(dashboardRoutes);
      await c.register(centreRoutes);
      await c.register(uploadRoutes);
      await c.register(lookupRoutes);
      await c.register(partnerRoutes);
      await c.register(webhookRoutes);
      await c.register(guestRoutes);
      await c.register(apiKeyRoutes);
      await c.register(catalogueRoutes);
      await c.register(moneyRoutes);
      await c.register(auditRoutes);
    },
    { prefix: CONSOLE },
  );
};
