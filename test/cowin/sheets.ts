// Facility sheets for the upload tests: rows with dates relative to today, and a multipart
// request body around any bytes.
import { SHEET_HEADERS } from '../../src/core/cowin/facility-sheet.js';

export const HEADER = SHEET_HEADERS.join(',');

/** dd-mm-yyyy of today (UTC) plus `days`. */
export function day(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
}

export interface RowInput {
  state?: string;
  district?: string;
  block?: string;
  pincode?: string;
  name?: string;
  incharge?: string;
  mobile?: string;
  lat?: string;
  lng?: string;
  vaccine?: string;
  start?: string;
  end?: string;
  online?: string;
  slots?: string;
  daily?: string;
}

export function row(r: RowInput = {}): string {
  return [
    r.state ?? 'Maharashtra',
    r.district ?? 'Pune',
    r.block ?? 'Pune City',
    r.pincode ?? '411001',
    r.name ?? 'Sassoon General Hospital',
    r.incharge ?? 'Sunil Kumar',
    r.mobile ?? '9876543210',
    r.lat ?? '18.5286',
    r.lng ?? '73.8740',
    r.vaccine ?? '1',
    r.start ?? day(2),
    r.end ?? day(4),
    r.online ?? '100',
    r.slots ?? '09:00-11:00;11:00-13:00',
    r.daily ?? '120',
  ]
    .map((c) => (c.includes(',') ? `"${c}"` : c))
    .join(',');
}

export function sheet(rows: string[], header = HEADER): string {
  return `${[header, ...rows].join('\n')}\n`;
}

export function multipart(
  content: string | Buffer,
  filename = 'sheet.csv',
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----careslot-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
