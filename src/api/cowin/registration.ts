// Registration & Appointment API, part 1 (seed 002 sections A and B): guest login,
// beneficiaries, mobile OTP, linked beneficiaries. Installs the account checks that make a
// disabled guest account's tokens (and the beneficiary tokens issued through it) stop working.
import type { FastifyInstance } from 'fastify';
import { guestIdOf, isGuestEnabled } from '../../core/guests.js';
import { accountChecks } from './auth.js';
import { beneficiaryRoutes } from './beneficiaries.js';
import { guestLoginRoutes } from './guest-login.js';
import { mobileAuthRoutes } from './mobile-auth.js';

export async function registrationRoutes(app: FastifyInstance): Promise<void> {
  const enabled = async (_req: unknown, claims: Parameters<typeof guestIdOf>[0]) => isGuestEnabled(app.store.db, guestIdOf(claims));
  accountChecks.guest = enabled;
  accountChecks.beneficiary = enabled;
  await app.register(guestLoginRoutes);
  await app.register(beneficiaryRoutes);
  await app.register(mobileAuthRoutes);
}
