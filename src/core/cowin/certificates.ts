// Vaccination certificates: what a certificate says (name, age, gender, masked photo ID,
// vaccine, each dose with its date and centre, a certificate id) and the signed credential its
// QR code carries (credential.ts). The PDF itself is drawn by the API (certificate-pdf.ts);
// the same content feeds both, so what is printed is what is signed. The international
// version adds the passport number, for beneficiaries registered with a passport.
import type { Conn } from '../../store/index.js';
import { DomainError } from '../shared/errors.js';
import { maskTail } from '../shared/mask.js';
import type { BeneficiaryDetails } from './beneficiaries/read.js';
import { signCredential, signingKey } from './credential.js';
import { doseRule } from './dose-rules.js';
import { PHOTO_ID_TYPES } from './photo-id.js';
import { packJws } from './qr-payload.js';
import { dosesOf, summarize, type VaccinationSummary } from './vaccinations.js';

const PASSPORT = PHOTO_ID_TYPES.find((t) => /passport/i.test(t.type))?.id;

export interface CertificateDose {
  dose: number;
  /** YYYY-MM-DD */
  date: string;
  vaccine: string;
  batch: string;
  vaccinator: string;
  centre: string;
  district: string;
  state: string;
}

export interface Certificate {
  certificateId: string;
  referenceId: string;
  name: string;
  age: number;
  gender: string;
  /** The photo ID's type and masked number. */
  photoId: string;
  /** International certificates only: the full passport number, as travel needs it. */
  passport?: string;
  vaccine: string;
  status: VaccinationSummary['status'];
  totalDoses: number;
  doses: CertificateDose[];
  issuedAt: string;
  issuer: string;
  /** The signed credential (vc-jwt). */
  credential: string;
  /** What the QR code holds: the credential packed (qr-payload.ts). */
  qr: string;
}

export interface CertificateOptions {
  secret: string;
  /** CERTIFICATE_SIGNING_KEY, or empty. */
  configuredKey: string;
  /** The issuer URL (PUBLIC_URL); its /.well-known/jwks.json publishes the keys. */
  issuer: string;
  international?: boolean;
  now?: Date;
}

async function dosesWithCentres(db: Conn, beneficiaryId: number) {
  const summary = summarize(await dosesOf(db, beneficiaryId));
  if (summary.doses.length === 0)
    throw new DomainError('not_vaccinated', 'This beneficiary has no recorded dose yet, so there is no certificate');
  const places = await db
    .selectFrom('places as p')
    .leftJoin('districts as d', 'd.id', 'p.district_id')
    .leftJoin('states as s', 's.id', 'p.state_id')
    .select(['p.id', 'p.name', 'd.name as district', 's.name as state'])
    .where(
      'p.id',
      'in',
      summary.doses.map((d) => d.place_id),
    )
    .execute();
  const byId = new Map(places.map((p) => [p.id, p]));
  const doses: CertificateDose[] = summary.doses.map((d) => ({
    dose: d.dose,
    date: d.given_on,
    vaccine: d.vaccine,
    batch: d.batch,
    vaccinator: d.vaccinator_name,
    centre: byId.get(d.place_id)?.name ?? '',
    district: byId.get(d.place_id)?.district ?? '',
    state: byId.get(d.place_id)?.state ?? '',
  }));
  return { summary, doses };
}

/** The certificate of a beneficiary the caller may see; refused when no dose is recorded. */
export async function buildCertificate(
  db: Conn,
  b: BeneficiaryDetails,
  opts: CertificateOptions,
): Promise<Certificate> {
  const now = opts.now ?? new Date();
  if (opts.international && (PASSPORT === undefined || b.photo_id_type !== PASSPORT))
    throw new DomainError(
      'passport_missing',
      'The international certificate needs a passport: this beneficiary was registered with another photo ID (add the passport with grievance/beneficiary/updateToPassportId, not supported here yet, or register with photo_id_type passport)',
    );
  const { summary, doses } = await dosesWithCentres(db, b.id);
  const last = summary.doses.at(-1)!;
  const idType = PHOTO_ID_TYPES.find((t) => t.id === b.photo_id_type)?.type ?? 'Photo ID';
  const cert: Omit<Certificate, 'credential' | 'qr'> = {
    certificateId: String(last.certificate_id),
    referenceId: String(b.reference_id),
    name: b.name,
    age: now.getUTCFullYear() - b.birth_year,
    gender: b.gender,
    photoId: `${idType} ${maskTail(b.photo_id_number)}`,
    ...(opts.international ? { passport: b.photo_id_number } : {}),
    vaccine: summary.vaccine,
    status: summary.status,
    totalDoses: doseRule(summary.vaccine).doses,
    doses,
    issuedAt: now.toISOString(),
    issuer: opts.issuer,
  };
  const key = await signingKey(db, opts.secret, opts.configuredKey);
  const credential = await signCredential(key, {
    issuer: opts.issuer,
    certificateId: cert.certificateId,
    issuedAt: now,
    credentialSubject: {
      type: 'Person',
      refId: cert.referenceId,
      name: cert.name,
      age: String(cert.age),
      gender: cert.gender,
      ...(cert.passport ? { passport: cert.passport } : { maskedId: cert.photoId }),
    },
    evidence: doses.map((d) => ({
      type: ['Vaccination'],
      vaccine: d.vaccine,
      batch: d.batch,
      dose: d.dose,
      totalDoses: cert.totalDoses,
      date: d.date,
      verifier: { name: d.vaccinator },
      facility: { name: d.centre, address: { district: d.district, addressRegion: d.state, addressCountry: 'IN' } },
    })),
  });
  return { ...cert, credential, qr: packJws(credential) };
}
