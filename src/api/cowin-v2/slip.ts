// v4/appointment/appointmentslip/download (and its 2021 path): the slip of an appointment of
// the bearer token's mobile number, as a real PDF.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { linkedBeneficiaries } from '../../core/cowin/beneficiaries/index.js';
import { logReads } from './audit.js';
import { mobileOf } from './auth.js';
import { liveAppointments } from './appointment-view.js';
import { V2Error } from './errors.js';
import { maskPhotoId } from './present.js';
import { BENEFICIARY_SECURITY, errors, TAGS } from './schemas.js';
import { appointmentSlip } from './slip-pdf.js';

export const slipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ids = app.cowinV2Ids;
  for (const prefix of ['/api/v4', '/api/v2']) {
    app.get(
      `${prefix}/appointment/appointmentslip/download`,
      {
        preHandler: app.cowinV2Auth.beneficiary,
        schema: {
          operationId: 'downloadAppointmentSlip',
          tags: TAGS,
          security: BENEFICIARY_SECURITY,
          summary:
            prefix === '/api/v4'
              ? 'The appointment slip as a PDF'
              : '2021 path of /api/v4/appointment/appointmentslip/download',
          hide: prefix !== '/api/v4',
          querystring: Type.Object({
            appointment_id: Type.Optional(Type.String({ examples: ['bd1acd68-5888-454c-96aa-99d46e7eb065'] })),
          }),
          response: {
            200: {
              description: 'The slip',
              content: {
                'application/pdf': {
                  schema: Type.String({ format: 'binary', examples: ['%PDF-1.7 …'] }),
                },
              },
            },
            ...errors(400, 401),
          },
        },
      },
      async (req, reply) => {
        const raw = req.query.appointment_id;
        if (!raw) throw new V2Error('APPOIN0041', 'Appointment confirmation number is required (appointment_id)');
        const code = ids.appointment(raw);
        const mobile = mobileOf(req);
        const found =
          code === undefined
            ? undefined
            : (await liveAppointments(app.store.db, mobile, ids)).find((a) => a.row.booking.code === String(code));
        if (!found)
          throw new V2Error(
            'APPOIN0042',
            'Appointment details not found: no active appointment with this appointment_id is linked to your mobile number',
          );
        const people = (await linkedBeneficiaries(app.store.db, mobile))
          .filter((p) => found.row.referenceIds.includes(Number(p.reference_id)))
          .map((p) => ({
            name: p.name,
            referenceId: String(p.reference_id),
            birthYear: String(p.birth_year),
            photoId: maskPhotoId(p.photo_id_number),
          }));
        await logReads(req, [
          { operation: 'downloadAppointmentSlip', recordKind: 'appointment', recordRef: found.row.booking.code },
          ...people.map((p) => ({
            operation: 'downloadAppointmentSlip',
            recordKind: 'beneficiary' as const,
            recordRef: p.referenceId,
          })),
        ]);
        const pdf = await appointmentSlip(
          found.view,
          {
            address: found.centre?.address ?? null,
            pincode: found.centre?.pincode ? String(found.centre.pincode) : '',
          },
          people,
          new Date(),
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="appointment-${found.view.appointment_id}.pdf"`)
          .send(Buffer.from(pdf) as unknown as string);
      },
    );
  }
};
