// The console's words, by key. English is here; Hindi and Arabic in i18n-hi.ts and i18n-ar.ts,
// complete (test/console/i18n.test.ts fails on a missing key or a changed placeholder; at run
// time a missing key falls back to English, see docs/console.md). Arabic is laid out right to left.
import { ar } from './i18n-ar.js';
import { hi } from './i18n-hi.js';

export const LANGS = ['en', 'hi', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  'app.title': 'Careslot operator console',
  'nav.dashboard': 'Dashboard',
  'nav.centres': 'Centres',
  'nav.upload': 'Upload sheet',
  'nav.lookup': 'Lookups',
  'nav.partners': 'Partners',
  'nav.guests': 'Guest accounts',
  'nav.apiKeys': 'API keys',
  'nav.kids': 'Kids catalogue',
  'nav.doctors': 'Doctors',
  'nav.money': 'Refunds and holds',
  'nav.audit': 'Audit log',
  'nav.skip': 'Skip to content',
  'login.title': 'Operator login',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'logout.submit': 'Log out',
  'lang.label': 'Language',
  'dashboard.title': 'Live dashboard',
  'dashboard.bookingsPerMinute': 'Bookings per minute',
  'dashboard.readsPerMinute': 'Availability reads per minute',
  'dashboard.errorsPerMinute': 'Server errors per minute',
  'dashboard.totals': 'Totals since this process started',
  'centres.title': 'Centres',
  'centres.search': 'Search by name or pincode',
  'centres.none': 'No centre matches.',
  'centres.days': 'Capacity, booked and free seats per day',
  'centres.capacity': 'Capacity',
  'centres.booked': 'Booked',
  'centres.free': 'Free',
  'centres.sessions': 'Sessions',
  'centres.setCapacity': 'Set capacity',
  'centres.cancel': 'Cancel session',
  'centres.reason': 'Reason (the people booked are told this)',
  'upload.title': 'Upload a facility sheet',
  'upload.file': 'Facility sheet (.csv)',
  'upload.submit': 'Upload',
  'upload.progress': 'Upload progress',
  'upload.done': 'Imported',
  'upload.failed': 'Nothing was imported',
  'lookup.title': 'Find an appointment',
  'lookup.q': 'Confirmation number or beneficiary reference id',
  'lookup.submit': 'Find',
  'lookup.none': 'No appointment found.',
  'lookup.audited': 'Each lookup is recorded in the audit log (who, what, when).',
  'audit.title': 'Audit log',
  'audit.actor': 'Actor (key:ID, operator:ID or guest:ID)',
  'audit.record': 'Record (reference id, confirmation number…)',
  'audit.operation': 'Operation',
  'audit.submit': 'Search',
  'audit.none': 'No audit entries match.',
  'col.actor': 'Who',
  'col.operation': 'Operation',
  'col.record': 'Record',
  'partners.title': 'Partners',
  'partners.create': 'Create partner',
  'partners.name': 'Name',
  'partners.prdIds': 'Product codes (comma separated, optional)',
  'partners.rotate': 'Rotate secret',
  'partners.disable': 'Disable',
  'partners.enable': 'Enable',
  'partners.shownOnce': 'Shown once: copy it now, only a hash or ciphertext is stored.',
  'partners.webhooks': 'Webhooks',
  'webhooks.title': 'Webhooks of',
  'webhooks.none': 'This partner has no webhook endpoints (careslot webhook add, or POST /webhooks/v1/endpoints).',
  'webhooks.noDeliveries': 'No deliveries yet.',
  'webhooks.events': 'Events',
  'webhooks.delivery': 'Delivery',
  'webhooks.event': 'Event',
  'webhooks.attempts': 'Attempts',
  'webhooks.redeliver': 'Redeliver',
  'guests.title': 'Guest accounts',
  'guests.create': 'Create guest account',
  'apiKeys.state': 'State id (vaccinator keys only)',
  'apiKeys.title': 'API keys',
  'apiKeys.create': 'Create API key',
  'apiKeys.scope': 'Scope (protected: the public and protected APIs; public: the public APIs only)',
  'apiKeys.endsIn': 'Key ends in',
  'apiKeys.guestNote':
    'The key acts for a new guest account of the same name (for an existing one: careslot apikey create --guest).',
  'kids.title': 'Kids catalogue',
  'doctors.title': 'Doctors',
  'doctors.hours': 'Working hours',
  'doctors.timeOff': 'Time off',
  'money.refunds': 'Payments to refund (refund_due)',
  'money.holds': 'Holds expiring within 15 minutes',
  'common.none': 'None.',
  'action.addSlots': 'Add slots',
  'action.addTimeOff': 'Add time off',
  'action.endRotation': 'End rotation',
  'action.remove': 'Remove',
  'action.saveHours': 'Save working hours',
  'action.show': 'Show',
  'col.action': 'Action',
  'col.actions': 'Actions',
  'col.active': 'Active',
  'col.activeSecrets': 'Active secrets',
  'col.agesMonths': 'Ages (months)',
  'col.amount': 'Amount',
  'col.booking': 'Booking',
  'col.capacity': 'Capacity',
  'col.centre': 'Centre',
  'col.change': 'Change',
  'col.channel': 'Channel',
  'col.created': 'Created',
  'col.disabled': 'Disabled',
  'col.date': 'Date',
  'col.district': 'District',
  'col.doses': 'Doses',
  'col.free': 'Free',
  'col.guestAccount': 'Guest account',
  'col.holdEnds': 'Hold ends',
  'col.id': 'Id',
  'col.kind': 'Kind',
  'col.line': 'Line',
  'col.mobile': 'Mobile',
  'col.name': 'Name',
  'col.partnerId': 'Partner id',
  'col.payment': 'Payment',
  'col.photoId': 'Photo ID',
  'col.pincode': 'Pincode',
  'col.place': 'Place',
  'col.price': 'Price',
  'col.products': 'Products',
  'col.provider': 'Provider',
  'col.referenceId': 'Reference id',
  'col.scope': 'Scope',
  'col.seats': 'Seats',
  'col.seatsPerDay': 'Seats per day',
  'col.service': 'Service',
  'col.services': 'Services',
  'col.since': 'Since',
  'col.slot': 'Slot',
  'col.slots': 'Slots',
  'col.state': 'State',
  'col.status': 'Status',
  'col.time': 'Time',
  'col.whatToFix': 'What to fix',
  'common.forbidden': 'Your role cannot open this page.',
};

export type MessageKey = keyof typeof en;
/** A translation: keys missing from it fall back to English (and fail test/console/i18n.test.ts). */
export type Catalogue = Partial<Record<MessageKey, string>>;

const CATALOGUES: Record<Lang, Catalogue> = { en, hi, ar };

export const isLang = (v: unknown): v is Lang => LANGS.includes(v as Lang);
export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');
export const LANG_NAMES: Record<Lang, string> = { en: 'English', hi: 'हिन्दी', ar: 'العربية' };

export type Translate = (key: MessageKey) => string;

export function translator(lang: Lang): Translate {
  const cat = CATALOGUES[lang];
  return (key) => cat[key] ?? en[key];
}

/** Every key, in the English catalogue's order. */
export const messageKeys = (): MessageKey[] => Object.keys(en) as MessageKey[];

/** Keys of the English catalogue that a language has not translated yet. */
export function missingKeys(lang: Lang): MessageKey[] {
  return messageKeys().filter((k) => CATALOGUES[lang][k] === undefined);
}
