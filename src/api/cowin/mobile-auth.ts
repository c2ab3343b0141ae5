// B5–B7: send a mobile OTP, exchange it for a beneficiary token, or authenticate by reference
// id + mobile + birth year. Called with the partner app's guest token; the beneficiary token
// issued is bound to the mobile and records that guest account.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { normalizeBirthYear, normalizeMobile, normalizeReferenceId } from '../../core/cowin/beneficiaries/index.js';
import { beneficiaryToken, guestIdOf } from '../../core/cowin/guests.js';
import { startOtp, verifyMobileDob, verifyOtp } from '../../core/cowin/otp.js';
import { createSmsSender } from '../../core/cowin/sms.js';
import { tokenOf } from './auth.js';

const TAGS = ['Registration & Appointment'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { $ref: 'CowinError#' }]));
const security: Array<Record<string, string[]>> = [{ guestToken: [] }];
const TXN = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const TOKEN = Type.Object(
  { token: Type.String({ description: 'Beneficiary token bound to the mobile number (15 minutes).' }) },
  { examples: [{ token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJndWVzdF9pZCI6MX0.c2lnbmF0dXJl' }] },
);

export const mobileAuthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sms = createSmsSender(app.config, app.log);
  const sandbox = app.config.mode === 'sandbox';

  app.post(
    '/api/v1/auth/confirmMobileOTP',
    {
      preHandler: app.cowinAuth.guest,
      schema: {
        operationId: 'initiateMobileOtp',
        tags: TAGS,
        security,
        summary: 'Initiate mobile OTP for authentication',
        description:
          'Sends a 6-digit OTP by SMS and returns its txnId. The OTP is valid for 3 minutes with 3 tries. At most 3 OTPs per mobile per 15 minutes and 10 per day (429 with retry_after_seconds). ' +
          'In sandbox mode the response also carries the OTP, as in the seed sample; in production it never does. Known and unknown mobiles get the same answer.',
        body: Type.Object(
          { mobile: Type.Union([Type.String(), Type.Integer()], { description: '10-digit Indian mobile number.' }) },
          { examples: [{ mobile: 9876543210 }] },
        ),
        response: {
          200: Type.Object(
            {
              otp: Type.Optional(Type.Integer({ description: 'Sandbox mode only.' })),
              txnId: Type.String({ format: 'uuid' }),
            },
            { examples: [{ otp: 123456, txnId: TXN }] },
          ),
          ...errors(400, 401, 429, 503),
        },
      },
    },
    async (req) => {
      const started = await startOtp(app.store, {
        mobile: normalizeMobile(req.body.mobile, 'mobile'),
        guestId: guestIdOf(tokenOf(req)),
        secret: app.config.secret,
        sender: sms,
        guestHourlyLimit: app.config.otpSendsPerGuestHour,
      });
      return sandbox ? { otp: Number(started.otp), txnId: started.txnId } : { txnId: started.txnId };
    },
  );

  app.post(
    '/api/v1/auth/mobileOTP',
    {
      preHandler: app.cowinAuth.guest,
      schema: {
        operationId: 'confirmMobileOtp',
        tags: TAGS,
        security,
        summary: 'Confirm mobile OTP for authentication',
        description:
          'Exchanges the OTP (6 digits, or their SHA-256 hex) and txnId for a beneficiary token bound to the mobile. The txnId must come from the same guest account; each txnId allows 3 tries and one success.',
        body: Type.Object(
          {
            otp: Type.Union([Type.String(), Type.Integer()], {
              description: 'The 6-digit OTP, or the lowercase/uppercase hex SHA-256 of those 6 digits.',
            }),
            txnId: Type.String({ minLength: 1, maxLength: 64 }),
          },
          {
            examples: [
              { otp: 123456, txnId: TXN },
              { otp: '8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92', txnId: TXN },
            ],
          },
        ),
        response: { 200: TOKEN, ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const guestId = guestIdOf(tokenOf(req));
      const mobile = await verifyOtp(app.store, {
        txnId: req.body.txnId,
        otp: req.body.otp,
        guestId,
        secret: app.config.secret,
      });
      return { token: await beneficiaryToken(app.config.secret, mobile, guestId) };
    },
  );

  app.post(
    '/api/v1/auth/confirmMobileDob',
    {
      preHandler: app.cowinAuth.guest,
      schema: {
        operationId: 'authenticateByMobileDob',
        tags: TAGS,
        security,
        summary: 'Authenticate a beneficiary by Beneficiary Reference Id/Mobile/DoB',
        description:
          "Exchanges a beneficiary's reference id, registered mobile and birth year for a beneficiary token. Any mismatch gets the same 401; 5 wrong answers within an hour lock the reference id for an hour (429 with retry_after_seconds).",
        body: Type.Object(
          {
            beneficiary_reference_id: Type.Union([Type.Integer(), Type.String()], {
              description: '14-digit reference id.',
            }),
            mobile: Type.Union([Type.String(), Type.Integer()], {
              description: 'The registered 10-digit mobile number.',
            }),
            birth_year: Type.Union([Type.String(), Type.Integer()], { description: 'The registered birth year.' }),
          },
          { examples: [{ beneficiary_reference_id: 21363181496731, mobile: 9871234567, birth_year: 1980 }] },
        ),
        response: { 200: TOKEN, ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const guestId = guestIdOf(tokenOf(req));
      const mobile = await verifyMobileDob(app.store, {
        referenceId: normalizeReferenceId(req.body.beneficiary_reference_id),
        mobile: normalizeMobile(req.body.mobile, 'mobile'),
        birthYear: normalizeBirthYear(req.body.birth_year),
      });
      return { token: await beneficiaryToken(app.config.secret, mobile, guestId) };
    },
  );
};
