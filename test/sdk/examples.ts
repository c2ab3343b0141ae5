// The examples of docs/sdk.md, verbatim: test/sdk/examples.test.ts runs them against a real
// Careslot and checks that every TypeScript block of docs/sdk.md is a part of this file.
import { createServer } from 'node:http';
import { createClient, verifyWebhook, CareslotError } from 'careslot/client';

// ── kids booking ──
export async function bookKidsVaccination(
  baseUrl: string,
  partner: { token: string; secret: string },
  day: string, // YYYY-MM-DD
  child: { name: string; birth_date: string; gender: 'male' | 'female' },
) {
  const careslot = createClient({ baseUrl, partner });

  const { services } = await careslot.kids.services({ prd_id: 'KV-SANDBOX' });
  const hexa = services.find((s) => s.id === 'kv-hexa')!;
  const { providers } = await careslot.kids.browse({
    prd_id: 'KV-SANDBOX',
    services: [hexa.id],
    date: day,
    location: { lat: 24.7136, lng: 46.6753 },
  });
  const provider = providers.find((p) => p.slots.length > 0)!;
  const booking = await careslot.kids.book({
    prd_id: 'KV-SANDBOX',
    partner_reference: `order-${Date.now()}`,
    services: [hexa.id],
    provider_id: provider.id,
    slot_id: provider.slots[0].id,
    child,
    guardian: { name: 'Noura Al-Harbi', mobile: '+966501234567' },
  });
  // Send the payer to booking.payment_url; the booking is confirmed once paid.
  return booking;
}
// ── end ──

// ── video booking ──
export async function bookVideoConsultation(baseUrl: string, partner: { token: string; secret: string }) {
  const careslot = createClient({ baseUrl, partner });

  const { specialities } = await careslot.video.specialities();
  const { doctor } = await careslot.video.doctors({ spec_id: specialities[0].spec_id });
  const free = doctor.find((d) => d.next_available_slot)!;
  const booking = await careslot.video.book({
    partner_reference: `consult-${Date.now()}`,
    doctor_id: free.doctor_id,
    slot_id: free.next_available_slot!.slot_id,
    patient: { name: 'Omar Haddad', mobile: '+966501234568', gender: 'male', birth_date: '1990-04-12' },
    reason: 'Rash on the arm',
  });
  return booking; // booking.payment_url, then careslot.video.booking(id).join_url once paid
}
// ── end ──

// ── errors ──
export async function statusOf(baseUrl: string, partner: { token: string; secret: string }, bookingId: string) {
  const careslot = createClient({ baseUrl, partner });
  try {
    return await careslot.kids.booking(bookingId);
  } catch (err) {
    if (err instanceof CareslotError && err.code === 1004) return undefined; // not one of yours
    throw err; // err.httpStatus, err.code (1001…1005) and err.message say what to fix
  }
}
// ── end ──

// ── webhook receiver ──
export function webhookReceiver(secret: string, onEvent: (event: { type: string; data: unknown }) => void) {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        // The raw bytes, before any JSON parsing: the signature covers them exactly.
        const event = verifyWebhook<{ type: string; data: unknown }>(secret, req.headers, Buffer.concat(chunks), {
          toleranceSeconds: 300,
        });
        onEvent(event);
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end(); // not from Careslot (or too old): ignore it
      }
    });
  });
}
// ── end ──
