// Reading a certificate's QR code back, offline: find the image XObjects of a certificate PDF
// (pdf-lib stores an embedded PNG as raw RGB pixels, Flate-compressed), inflate them, and let
// jsQR find a QR code in the pixels. Then verify what the QR holds (credential.ts). This is the
// code path of `careslot certificate verify`, so the check is of the QR itself, not of any
// text printed beside it.
import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import type { JSONWebKeySet } from 'jose';
import { type PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { verifyCredential, type VerifyOutcome } from './credential.js';

// jsqr is CommonJS whose types describe an ES default export: under Node's ESM interop the
// function is the module object itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const num = (d: PDFDict, key: string) => {
  const v = d.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
};

/** RGBA pixels of an 8-bit RGB or grey image stream, or undefined for other encodings. */
function pixelsOf(stream: PDFRawStream): { data: Uint8ClampedArray; width: number; height: number } | undefined {
  const d = stream.dict;
  if (d.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return undefined;
  const width = num(d, 'Width');
  const height = num(d, 'Height');
  if (!width || !height || num(d, 'BitsPerComponent') !== 8) return undefined;
  if (d.get(PDFName.of('Filter')) !== PDFName.of('FlateDecode')) return undefined;
  const space = d.get(PDFName.of('ColorSpace'));
  const channels = space === PDFName.of('DeviceRGB') ? 3 : space === PDFName.of('DeviceGray') ? 1 : 0;
  if (!channels) return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(stream.contents);
  } catch {
    return undefined;
  }
  if (raw.length < width * height * channels) return undefined;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    data[i * 4] = raw[o];
    data[i * 4 + 1] = raw[channels === 3 ? o + 1 : o];
    data[i * 4 + 2] = raw[channels === 3 ? o + 2 : o];
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** The texts of every QR code found in the images of a PDF. */
export async function qrTextsOfPdf(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const img = pixelsOf(obj);
    if (!img) continue;
    const code = jsQR(img.data, img.width, img.height);
    if (code?.data) out.push(code.data);
  }
  return out;
}

export const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/** Verify a certificate given as PDF bytes or as the text of its QR code. */
export async function verifyCertificate(
  input: Uint8Array | string,
  jwks: JSONWebKeySet,
  now = new Date(),
): Promise<VerifyOutcome> {
  if (typeof input === 'string') return verifyCredential(input, jwks, now);
  if (!isPdf(input)) return verifyCredential(Buffer.from(input).toString('utf8'), jwks, now);
  let texts: string[];
  try {
    texts = await qrTextsOfPdf(input);
  } catch {
    return { ok: false, reason: 'the file is not a readable PDF' };
  }
  if (texts.length === 0) return { ok: false, reason: 'no QR code was found in the PDF' };
  return verifyCredential(texts[0], jwks, now);
}
