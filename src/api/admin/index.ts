// The admin API at /admin/v1/...: catalogue management for operators. Responses use the
// partner envelope ({status, message, data: {info}}); every route needs an admin operator
// token (operatorGuard). Each product's routes register here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installPartnerErrors } from '../partner/errors.js';
import { auditAdminRoutes } from './audit.js';
import { operatorGuard } from './guard.js';
import { kidsAdminRoutes } from './kids.js';
import { videoAdminRoutes } from './video.js';

export const ADMIN_PREFIX = '/admin/v1';

export const adminApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(
    async (admin) => {
      installPartnerErrors(admin);
      // onRequest: the operator token is checked before the body is even parsed.
      admin.addHook('onRequest', operatorGuard(['admin']));
      await admin.register(kidsAdminRoutes, { prefix: '/kids' });
      await admin.register(videoAdminRoutes, { prefix: '/video' });
      await admin.register(auditAdminRoutes, { prefix: '/audit' });
      // Further products register here.
    },
    { prefix: ADMIN_PREFIX },
  );
};
