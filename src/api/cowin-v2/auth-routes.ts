// Mobile OTP authentication: generateOTP and confirmOTP, public (cowin-public-v2.yaml) and
// protected (cowin-protected-v2.yaml). Both need an x-api-key: the OTP is sent for the key's
// application, through the same SMS path and limits as v1's (sandbox mode prints it on the
// server console). confirmOTP takes the OTP's SHA-256 hex, as the real API does (the 6 digits
// are accepted too), and answers a bearer token bound to the mobile number.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { linkedBeneficiaries, normalizeMobile } from '../../core/cowin/beneficiaries/index.js';
import { beneficiaryToken } from '../../core/cowin/guests.js';
import { startOtp, verifyOtp } from '../../core/cowin/otp.js';
import { createSmsSender } from '../../core/cowin/sms.js';
import { keyOf } from './auth.js';
import { badInput } from './errors.js';
import { errors, KEY_SECURITY, TAGS } from './schemas.js';

const TXN = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTP_SHA = '8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92';
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5ODc2NTQzMjEwIn0.c2lnbmF0dXJl';

const GenerateBody = Type.Object(
  { mobile: Type.Optional(Type.Union([Type.String(), Type.Integer()])) },
  { examples: [{ mobile: '9876543210' }] },
);
const ConfirmBody = Type.Object(
  {
    otp: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'SHA-256 hex of the OTP' })),
    txnId: Type.Optional(Type.String()),
  },
  { examples: [{ otp: OTP_SHA, txnId: TXN }] },
);
const Txn = Type.Object({ txnId: Type.String({ format: 'uuid' }) }, { examples: [{ txnId: TXN }] });

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sms = createSmsSender(app.config, app.log);

  for (const prefix of ['/api/v2/auth/public', '/api/v2/auth']) {
    const isPublic = prefix.endsWith('public');
    const kind = isPublic ? 'public' : 'protected';
    app.post(
      `${prefix}/generateOTP`,
      {
        preHandler: isPublic ? app.cowinV2Auth.anyKey : app.cowinV2Auth.protectedKey,
        schema: {
          operationId: isPublic ? 'generateOTPPublic' : 'generateOTP',
          tags: TAGS,
          security: KEY_SECURITY,
          summary: `Send an OTP to a mobile number (${kind})`,
          description:
            'Sends a 6-digit OTP by SMS (valid 3 minutes, 3 tries; at most 3 per mobile per 15 minutes and 10 a day). Sandbox mode prints it on the server console.',
          body: GenerateBody,
          response: { 200: Txn, ...errors(400, 401, 429, 503) },
        },
      },
      async (req) => {
        if (req.body?.mobile === undefined) throw badInput('mobile is required, a 10-digit mobile number');
        const started = await startOtp(app.store, {
          mobile: normalizeMobile(req.body.mobile, 'mobile'),
          guestId: keyOf(req).guestId,
          secret: app.config.secret,
          sender: sms,
          guestHourlyLimit: app.config.otpSendsPerGuestHour,
        });
        return { txnId: started.txnId };
      },
    );

    app.post(
      `${prefix}/confirmOTP`,
      {
        preHandler: isPublic ? app.cowinV2Auth.anyKey : app.cowinV2Auth.protectedKey,
        schema: {
          operationId: isPublic ? 'confirmOTPPublic' : 'confirmOTP',
          tags: TAGS,
          security: KEY_SECURITY,
          summary: `Confirm the OTP for a bearer token (${kind})`,
          description:
            "Exchanges the SHA-256 hex of the OTP and its txnId (from the same x-api-key's application) for a bearer token bound to the mobile number, valid 15 minutes." +
            (isPublic ? '' : ' isNewAccount is "Y" when no beneficiary is registered with the mobile yet.'),
          body: ConfirmBody,
          response: {
            200: isPublic
              ? Type.Object({ token: Type.String() }, { examples: [{ token: TOKEN }] })
              : Type.Object(
                  { token: Type.String(), isNewAccount: Type.Union([Type.Literal('Y'), Type.Literal('N')]) },
                  { examples: [{ token: TOKEN, isNewAccount: 'N' }] },
                ),
            ...errors(400, 401, 429),
          },
        },
      },
      async (req) => {
        if (req.body?.otp === undefined || req.body.otp === '')
          throw badInput('otp is required, the SHA-256 hex of the OTP');
        if (!req.body.txnId) throw badInput('txnId is required, from generateOTP');
        const guestId = keyOf(req).guestId;
        const mobile = await verifyOtp(app.store, {
          txnId: req.body.txnId,
          otp: req.body.otp,
          guestId,
          secret: app.config.secret,
        });
        const token = await beneficiaryToken(app.config.secret, mobile, guestId);
        if (isPublic) return { token };
        const known = (await linkedBeneficiaries(app.store.db, mobile)).length > 0;
        return { token, isNewAccount: known ? ('N' as const) : ('Y' as const) };
      },
    );
  }
};
