// The vaccination certificate as a one-page PDF (pdf-lib, standard Helvetica, like the
// appointment slip): the person (name, age, gender, masked photo ID; the passport on the
// international version), the vaccine, each dose with its date and centre, the certificate id,
// and a QR code holding the signed credential. The QR is a PNG image, so `careslot certificate
// verify` can read it back from the PDF's pixels.
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Certificate } from '../../../core/cowin/certificates.js';

const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

export async function certificatePdf(c: Certificate): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const at = new Date(c.issuedAt);
  doc.setTitle(`Vaccination certificate ${c.certificateId}`);
  doc.setProducer('Careslot');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const line = (text: string, opts: { size?: number; strong?: boolean; gap?: number; x?: number } = {}) => {
    page.drawText(ascii(text), {
      x: opts.x ?? 50,
      y,
      size: opts.size ?? 11,
      font: opts.strong ? bold : font,
      color: rgb(0, 0, 0),
    });
    y -= opts.gap ?? 18;
  };
  line(c.passport ? 'International certificate of COVID-19 vaccination' : 'Certificate for COVID-19 vaccination', {
    size: 17,
    strong: true,
    gap: 24,
  });
  line(`Certificate ID: ${c.certificateId}`, { strong: true, gap: 26 });
  line('Beneficiary details', { size: 13, strong: true });
  line(`Name: ${c.name}`);
  line(`Age: ${c.age}    Gender: ${c.gender}`);
  line(c.passport ? `Passport number: ${c.passport}` : `ID verified: ${c.photoId}`);
  line(`Beneficiary reference ID: ${c.referenceId}`);
  line(`Vaccination status: ${c.status} (${c.doses.length} of ${c.totalDoses} doses)`, { gap: 26 });
  line('Vaccination details', { size: 13, strong: true });
  line(`Vaccine name: ${c.vaccine}`, { gap: 22 });
  for (const d of c.doses) {
    line(`Dose ${d.dose}: ${dmy(d.date)}    Batch ${d.batch}    Vaccinated by ${d.vaccinator}`, {
      strong: true,
      gap: 15,
    });
    line(`At ${d.centre}, ${d.district}, ${d.state}`.replace(/, , /g, ', ').replace(/, $/, ''), { gap: 22 });
  }
  const png = await QRCode.toBuffer(c.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
  const image = await doc.embedPng(png);
  const size = 230;
  page.drawImage(image, { x: 50, y: Math.min(y, 420) - size, width: size, height: size });
  y = Math.min(y, 420) - size - 20;
  line('Scan the QR code, or run `careslot certificate verify` on this file, to verify it offline.', {
    size: 9,
    gap: 12,
  });
  line(`Signed with Ed25519 by ${c.issuer}; public keys at ${c.issuer}/.well-known/jwks.json`, { size: 9, gap: 12 });
  line(`Issued ${at.toISOString().slice(0, 10)} by Careslot.`, { size: 9 });
  return doc.save();
}
