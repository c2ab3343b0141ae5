// Registration & Appointment API, part 1 (seed 002 sections A and B): guest login,
// beneficiaries, mobile OTP, linked beneficiaries.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { beneficiaryRoutes } from './beneficiaries.js';
import { guestLoginRoutes } from './guest-login.js';
import { mobileAuthRoutes } from './mobile-auth.js';

export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(guestLoginRoutes);
  await app.register(beneficiaryRoutes);
  await app.register(mobileAuthRoutes);
};
