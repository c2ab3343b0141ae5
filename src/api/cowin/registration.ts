// Registration & Appointment API, part 1 (seed 002 sections A and B): guest login,
// beneficiaries, mobile OTP, linked beneficiaries. Installs the account checks that make a
// disabled guest account's tokens (and the beneficiary tokens issued through it) stop working.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { guestIdOf, isGuestEnabled } from '../../core/cowin/guests.js';
import type { TokenClaims } from '../../core/shared/tokens.js';
import { accountChecks } from './auth.js';
import { beneficiaryRoutes } from './beneficiaries.js';
import { guestLoginRoutes } from './guest-login.js';
import { mobileAuthRoutes } from './mobile-auth.js';

/** Is the guest account behind this token still enabled? Uses the request's own app (and database). */
async function guestStillEnabled(req: FastifyRequest, claims: TokenClaims): Promise<boolean> {
  return isGuestEnabled(req.server.store.db, guestIdOf(claims));
}

export async function registrationRoutes(app: FastifyInstance): Promise<void> {
  accountChecks.guest = guestStillEnabled;
  accountChecks.beneficiary = guestStillEnabled;
  await app.register(guestLoginRoutes);
  await app.register(beneficiaryRoutes);
  await app.register(mobileAuthRoutes);
}
