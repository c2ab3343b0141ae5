// The sandbox accounts of each API dialect. A dialect that needs sandbox credentials
// (guest user, operator, partner) adds its part here.
import type { SandboxPart } from './credentials.js';
import { cowinApiKeyPart } from './cowin-api-key.js';
import { cowinGuestPart } from './cowin-guest.js';
import { operatorSandboxPart } from './operator.js';
import { sandboxPartnerPart } from './partner.js';
import { vaccinatorSandboxPart } from './vaccinations.js';

export const sandboxParts: SandboxPart[] = [
  cowinGuestPart,
  cowinApiKeyPart,
  operatorSandboxPart,
  sandboxPartnerPart,
  // Doses of the sandbox's vaccinated beneficiaries are dated back from the seeding day (UTC).
  vaccinatorSandboxPart(() => new Date().toISOString().slice(0, 10)),
];
