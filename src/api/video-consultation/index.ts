// The Video Consultation partner API (seed 001) at config.videoPrefix (/video-consultation/v1):
// specialities → doctors → slots → book → pay → booking with join link. The partner envelope,
// Cmt verification and payments are shared with the Kids Vaccination API (src/api/partner/,
// src/api/payments/). See docs/video-consultation.md.
import type { FastifyInstance } from 'fastify';
import { generateAll } from '../../core/video/generate.js';
import { installPartnerScope } from '../partner/index.js';
import { bookingRoutes } from './bookings.js';
import { catalogueRoutes } from './catalogue.js';
import { DoctorSchema, MoneySchema, SlotSchema } from './schemas.js';

/** Minutes between runs that roll every doctor's slots forward (idempotent, safe in N processes). */
const REGENERATE_MINUTES = 60;

export async function videoConsultationApi(app: FastifyInstance): Promise<void> {
  await app.register(async (video) => {
    installPartnerScope(video);
    for (const s of [MoneySchema, SlotSchema, DoctorSchema]) video.addSchema(s);
    await video.register(catalogueRoutes);
    await video.register(bookingRoutes);
  }, { prefix: app.config.videoPrefix });

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      generateAll((fn) => app.store.tx(fn), app.store.db, { days: app.config.videoSlotDays })
        .then((r) => { if (r.created || r.removed) app.log.info(r, 'video slots regenerated'); })
        .catch((err) => app.log.warn({ err }, 'video slot regeneration failed'));
    }, REGENERATE_MINUTES * 60_000);
    timer.unref();
  });
  app.addHook('onClose', async () => { if (timer) clearInterval(timer); });
}
