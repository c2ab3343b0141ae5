// Certificate downloads, as PDFs with the signed QR (certificate-pdf.ts), by every credential
// the YAMLs name: a vaccinator key (its state's beneficiaries), a protected key with a
// beneficiary token (its mobile's beneficiaries; also the international version, with the
// passport), and the public API's bearer token. Every download is a read of a person's record
// and is audited. Also the vaccination status of v3, and the public keys (JWKS) that verify
// certificates offline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  beneficiariesInState,
  linkedBeneficiaries,
  normalizeReferenceId,
  type BeneficiaryDetails,
} from '../../../core/cowin/beneficiaries/index.js';
import { buildCertificate } from '../../../core/cowin/certificates.js';
import { publishedKeys, signingKey } from '../../../core/cowin/credential.js';
import { summariesOf } from '../../../core/cowin/vaccinations.js';
import { keyOf, mobileOf } from '../auth.js';
import { logReads } from '../audit.js';
import { badInput, V2Error } from '../errors.js';
import { BENEFICIARY_SECURITY, errors } from '../schemas.js';
import { certificatePdf } from './certificate-pdf.js';
import { CERTIFICATE_TAGS, VACCINATOR_SECURITY, VACCINATOR_TAGS } from './schemas.js';

const Query = Type.Object({
  beneficiary_reference_id: Type.Optional(Type.String({ examples: ['12345678901234'] })),
});
const PDF = {
  200: {
    description: 'The certificate',
    content: { 'application/pdf': { schema: Type.String({ format: 'binary', examples: ['%PDF-1.7 …'] }) } },
  },
};
const TOKEN_SECURITY: Record<string, string[]>[] = [{ apiSetuToken: [] }];

function referenceOf(raw: string | undefined): number {
  if (!raw) throw badInput('Input parameter missing: beneficiary_reference_id');
  return normalizeReferenceId(raw);
}

const notVisible = (id: number, whose: string) =>
  new V2Error('BENDOC0012', `No beneficiary with reference id ${id} is ${whose}`);

async function send(app: FastifyInstance, reply: FastifyReply, b: BeneficiaryDetails, international = false) {
  const cert = await buildCertificate(app.store.db, b, {
    secret: app.config.secret,
    configuredKey: app.config.certificateSigningKey,
    issuer: app.config.publicUrl,
    international,
  });
  const pdf = await certificatePdf(cert);
  return reply
    .type('application/pdf')
    .header(
      'content-disposition',
      `attachment; filename="certificate-${international ? 'international-' : ''}${cert.certificateId}.pdf"`,
    )
    .send(Buffer.from(pdf) as unknown as string);
}

/** The beneficiary of the token's mobile, logged as read by `operation`. */
async function ofMobile(req: FastifyRequest, id: number, operation: string): Promise<BeneficiaryDetails> {
  const found = (await linkedBeneficiaries(req.server.store.db, mobileOf(req))).find(
    (p) => Number(p.reference_id) === id,
  );
  await logReads(req, [{ operation, recordKind: 'certificate', recordRef: String(id) }]);
  if (!found) throw notVisible(id, 'linked to your mobile number');
  return found;
}

export const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v2/vaccinator/certificate/download',
    {
      preHandler: app.cowinV2Auth.vaccinator,
      schema: {
        tags: VACCINATOR_TAGS,
        operationId: 'vaccinatorDownloadCertificate',
        security: VACCINATOR_SECURITY,
        summary: "The vaccination certificate (PDF) of a beneficiary of the key's state (audited)",
        querystring: Query,
        response: { ...PDF, ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const id = referenceOf(req.query.beneficiary_reference_id);
      const [found] = await beneficiariesInState(app.store.db, keyOf(req).stateId!, { referenceId: id });
      await logReads(req, [{ operation: 'vaccinatorCertificate', recordKind: 'certificate', recordRef: String(id) }]);
      if (!found) throw notVisible(id, "registered in this key's state");
      return send(app, reply, found);
    },
  );

  for (const international of [false, true])
    app.get(
      `/api/v2/registration/certificate/${international ? 'downloadInternational' : 'download'}`,
      {
        preHandler: app.cowinV2Auth.beneficiary,
        schema: {
          tags: CERTIFICATE_TAGS,
          operationId: international ? 'downloadInternationalCertificate' : 'downloadCertificate',
          security: BENEFICIARY_SECURITY,
          summary: international
            ? 'The international (travel) certificate, with the passport number, of a beneficiary registered with a passport'
            : "The vaccination certificate (PDF) of a beneficiary of the bearer token's mobile",
          querystring: Query,
          response: { ...PDF, ...errors(400, 401) },
        },
      },
      async (req, reply) => {
        const id = referenceOf(req.query.beneficiary_reference_id);
        const b = await ofMobile(req, id, international ? 'downloadInternationalCertificate' : 'downloadCertificate');
        return send(app, reply, b, international);
      },
    );

  app.get(
    '/api/v2/registration/certificate/public/download',
    {
      preHandler: app.cowinV2Auth.tokenHolder,
      schema: {
        tags: CERTIFICATE_TAGS,
        operationId: 'downloadCertificatePublic',
        security: TOKEN_SECURITY,
        summary: 'The vaccination certificate (PDF), with the bearer token from auth/public/confirmOTP',
        querystring: Query,
        response: { ...PDF, ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const id = referenceOf(req.query.beneficiary_reference_id);
      return send(app, reply, await ofMobile(req, id, 'downloadCertificatePublic'));
    },
  );

  app.get(
    '/api/v3/vaccination/status',
    {
      preHandler: app.cowinV2Auth.tokenHolder,
      schema: {
        tags: CERTIFICATE_TAGS,
        operationId: 'vaccinationStatus',
        security: TOKEN_SECURITY,
        summary: "Vaccination status of a bearer token's beneficiary: 0 not, 1 partially, 2 fully vaccinated (audited)",
        description:
          'With one beneficiary linked to the mobile, its status; with several, name one with beneficiary_reference_id (a Careslot addition: the YAML names none).',
        querystring: Query,
        response: {
          200: Type.Object(
            { vaccination_status: Type.String({ enum: ['0', '1', '2'] }) },
            { examples: [{ vaccination_status: '1' }] },
          ),
          ...errors(400, 401),
        },
      },
    },
    async (req) => {
      const people = await linkedBeneficiaries(app.store.db, mobileOf(req));
      const raw = req.query.beneficiary_reference_id;
      let b: BeneficiaryDetails | undefined;
      if (raw) {
        const id = normalizeReferenceId(raw);
        b = people.find((p) => Number(p.reference_id) === id);
        if (!b) throw notVisible(id, 'linked to your mobile number');
      } else if (people.length === 1) b = people[0];
      else
        throw badInput(
          people.length === 0
            ? 'No beneficiary is registered with this mobile number'
            : 'Several beneficiaries share this mobile number: name one with beneficiary_reference_id',
        );
      await logReads(req, [
        { operation: 'vaccinationStatus', recordKind: 'beneficiary', recordRef: String(b.reference_id) },
      ]);
      const status = (await summariesOf(app.store.db, [b.id])).get(b.id)?.status;
      return { vaccination_status: status === 'Vaccinated' ? '2' : status === 'Partially Vaccinated' ? '1' : '0' };
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: CERTIFICATE_TAGS,
        operationId: 'certificateSigningKeys',
        summary: 'The public keys (JWKS, Ed25519) that verify vaccination certificates',
        description: 'Save it to verify offline: `careslot certificate verify FILE.pdf --jwks jwks.json`.',
        response: {
          200: Type.Object(
            {
              keys: Type.Array(
                Type.Object({
                  kty: Type.String(),
                  crv: Type.String(),
                  x: Type.String(),
                  kid: Type.String(),
                  alg: Type.String(),
                  use: Type.String(),
                }),
              ),
            },
            {
              examples: [
                {
                  keys: [
                    {
                      kty: 'OKP',
                      crv: 'Ed25519',
                      x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
                      kid: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
                      alg: 'EdDSA',
                      use: 'sig',
                    },
                  ],
                },
              ],
            },
          ),
        },
      },
    },
    async (_req, reply) => {
      // The key that will sign is made (or loaded) first, so that a verifier fetching the keys
      // before any certificate was issued never caches an empty set.
      await signingKey(app.store.db, app.config.secret, app.config.certificateSigningKey);
      reply.header('cache-control', 'public, max-age=300');
      return (await publishedKeys(app.store.db)) as { keys: never[] };
    },
  );
};
