// Every migration, in order. Add new ones at the end; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as m0001 from './0001_scheduling_core.js';
import * as m0002 from './0002_cowin_registration.js';
import * as m0003 from './0003_cowin_operators.js';
import * as m0004 from './0004_partners.js';
import * as m0005 from './0005_video.js';
import * as m0006 from './0006_performance_indexes.js';
import * as m0007 from './0007_sandbox_centre_refs.js';
import * as m0008 from './0008_api_keys.js';
import * as m0009 from './0009_vaccinations.js';
import * as m0010 from './0010_webhooks.js';
import * as m0011 from './0011_checkout_urls.js';
import * as m0012 from './0012_guest_change_notices.js';
import * as m0013 from './0013_partner_reference_partial.js';
import * as m0014 from './0014_beneficiary_booking_version.js';
import * as m0015 from './0015_nonces_by_timestamp.js';

export const migrations: Record<string, Migration> = {
  '0001_scheduling_core': m0001,
  '0002_cowin_registration': m0002,
  '0003_cowin_operators': m0003,
  '0004_partners': m0004,
  '0005_video': m0005,
  '0006_performance_indexes': m0006,
  '0007_sandbox_centre_refs': m0007,
  '0008_api_keys': m0008,
  '0009_vaccinations': m0009,
  '0010_webhooks': m0010,
  '0011_checkout_urls': m0011,
  '0012_guest_change_notices': m0012,
  '0013_partner_reference_partial': m0013,
  '0014_beneficiary_booking_version': m0014,
  '0015_nonces_by_timestamp': m0015,
};
