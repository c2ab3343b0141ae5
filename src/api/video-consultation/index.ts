// The Video Consultation partner API (seed 001) at config.videoPrefix (/video-consultation/v1):
// specialities → doctors → slots → book → pay → booking with join link. The partner envelope,
// Cmt verification and payments are shared with the Kids Vaccination API (src/api/partner/,
// src/api/payments/). See docs/video-consultation.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installPartnerScope } from '../partner/index.js';
import { bookingRoutes } from './bookings.js';
import { catalogueRoutes } from './catalogue.js';
import { DoctorSchema, MoneySchema, SlotSchema } from './schemas.js';

export const videoConsultationApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(
    async (video) => {
      installPartnerScope(video);
      for (const s of [MoneySchema, SlotSchema, DoctorSchema]) video.addSchema(s);
      await video.register(catalogueRoutes);
      await video.register(bookingRoutes);
    },
    { prefix: app.config.videoPrefix },
  );
};
