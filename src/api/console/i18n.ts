// The console's words, by key. English is complete; Hindi and Arabic have their catalogues
// ready (keys missing there fall back to English, see docs/console.md). Arabic is laid out
// right to left.
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
  'partners.title': 'Partners',
  'partners.create': 'Create partner',
  'partners.name': 'Name',
  'partners.prdIds': 'Product codes (comma separated, optional)',
  'partners.rotate': 'Rotate secret',
  'partners.disable': 'Disable',
  'partners.enable': 'Enable',
  'partners.shownOnce': 'Shown once: copy it now, only a hash or ciphertext is stored.',
  'guests.title': 'Guest accounts',
  'guests.create': 'Create guest account',
  'pending.title': 'Not available yet',
  'kids.title': 'Kids catalogue',
  'doctors.title': 'Doctors',
  'doctors.hours': 'Working hours',
  'doctors.timeOff': 'Time off',
  'money.refunds': 'Payments to refund (refund_due)',
  'money.holds': 'Holds expiring within 15 minutes',
  'common.none': 'None.',
  'common.forbidden': 'Your role cannot open this page.',
};

export type MessageKey = keyof typeof en;
type Catalogue = Partial<Record<MessageKey, string>>;

const hi: Catalogue = {
  'app.title': 'Careslot ऑपरेटर कंसोल',
  'nav.dashboard': 'डैशबोर्ड',
  'nav.centres': 'केंद्र',
  'login.title': 'ऑपरेटर लॉग इन',
  'login.email': 'ईमेल',
  'login.password': 'पासवर्ड',
  'login.submit': 'लॉग इन',
  'logout.submit': 'लॉग आउट',
  'lang.label': 'भाषा',
};

const ar: Catalogue = {
  'app.title': 'وحدة تحكم المشغل Careslot',
  'nav.dashboard': 'لوحة المعلومات',
  'nav.centres': 'المراكز',
  'login.title': 'تسجيل دخول المشغل',
  'login.email': 'البريد الإلكتروني',
  'login.password': 'كلمة المرور',
  'login.submit': 'تسجيل الدخول',
  'logout.submit': 'تسجيل الخروج',
  'lang.label': 'اللغة',
};

const CATALOGUES: Record<Lang, Catalogue> = { en, hi, ar };

export const isLang = (v: unknown): v is Lang => LANGS.includes(v as Lang);
export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');
export const LANG_NAMES: Record<Lang, string> = { en: 'English', hi: 'हिन्दी', ar: 'العربية' };

export type Translate = (key: MessageKey) => string;

export function translator(lang: Lang): Translate {
  const cat = CATALOGUES[lang];
  return (key) => cat[key] ?? en[key];
}

/** Keys of the English catalogue that a language has not translated yet. */
export function missingKeys(lang: Lang): MessageKey[] {
  return (Object.keys(en) as MessageKey[]).filter((k) => CATALOGUES[lang][k] === undefined);
}
