// A1: POST /api/v1/auth/guest/login {"user_name"} → the bare guest JWT (15 minutes).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { guestLogin } from '../../core/cowin/guests.js';
import { CowinError } from './errors.js';

const TAGS = ['Registration & Appointment'];
const SAMPLE_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJndWVzdF9pZCI6MSwic3ViIjoiMSIsImF1ZCI6ImNhcmVzbG90Omd1ZXN0In0.c2lnbmF0dXJl';

const LoginBody = Type.Object(
  {
    user_name: Type.String({
      minLength: 1,
      maxLength: 128,
      description: "The guest account's user_name (from `careslot guest create`, or printed by the sandbox at start).",
    }),
  },
  { additionalProperties: false, examples: [{ user_name: '99999999999999999999' }] },
);

export const guestLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/auth/guest/login',
    {
      schema: {
        operationId: 'guestLogin',
        tags: TAGS,
        summary: 'Login as guest',
        description:
          'Returns the guest token as the bare response body (text/plain), valid for 15 minutes. Unknown or disabled user_name: 401.',
        body: LoginBody,
        response: {
          200: {
            description: 'The guest token (JWT) as the bare body',
            content: { 'text/plain': { schema: Type.String({ examples: [SAMPLE_JWT] }) } },
          },
          400: { $ref: 'CowinError#' },
          401: { $ref: 'CowinError#' },
        },
      },
    },
    async (req, reply) => {
      const token = await guestLogin(app.store.db, app.config.secret, req.body.user_name);
      if (!token) throw new CowinError('USRAUT0001', 'Unauthenticated access!');
      return reply.type('text/plain; charset=utf-8').send(token);
    },
  );
};
