// Operator login: POST /api/v1/admin/login → an operator token for the admin endpoints
// (facility sheet upload). Claims: {kind: 'operator', sub: String(operatorId), role}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { authenticateOperator } from '../../core/cowin/operators.js';
import { signToken } from '../../core/shared/tokens.js';

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  {
    additionalProperties: false,
    examples: [{ email: 'operator@careslot.local', password: 'the sandbox password printed at start' }],
  },
);

const LoginReply = Type.Object(
  {
    token: Type.String(),
    role: Type.Union([Type.Literal('admin'), Type.Literal('facility')]),
    expires_in: Type.Integer({ description: 'seconds' }),
  },
  { examples: [{ token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…', role: 'admin', expires_in: 3600 }] },
);

export const operatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/admin/login',
    {
      schema: {
        operationId: 'operatorLogin',
        tags: ['Operators'],
        summary: 'Operator login (email and password) → operator token',
        body: LoginBody,
        response: {
          200: LoginReply,
          400: { $ref: 'CowinError#' },
          401: { $ref: 'CowinError#' },
          429: { $ref: 'CowinError#' },
        },
      },
    },
    async (req) => {
      const op = await authenticateOperator(app.store.db, req.body.email, req.body.password);
      const ttl = app.config.operatorTokenMinutes * 60;
      const token = await signToken(app.config.secret, { kind: 'operator', sub: String(op.id), role: op.role }, ttl);
      return { token, role: op.role, expires_in: ttl };
    },
  );
};
