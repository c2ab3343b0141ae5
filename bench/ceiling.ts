// The ceiling: a bare node:http server that answers every request with one fixed JSON body
// about the size of a centre search answer. Nothing Careslot does per request can be faster
// than this on the same machine, so every scenario is reported as a fraction of it.
// Run as its own process: `node bench/ceiling.ts PORT` (prints "ready" when listening).
import { createServer } from 'node:http';

export function ceilingBody(): string {
  const centre = (id: number) => ({
    center_id: String(id),
    name: 'PHC Jaoli',
    center_incharge: 'Sunil Kumar',
    mobile: '98765*****',
    district: 'Satara',
    state: 'Maharashtra',
    location: 'Jaoli, 413608',
    pin: '413608',
    block: 'Jaoli',
    vtc: 'Jaoli',
    area: 'Rural',
    timings: '9AM-6PM',
    vaccine_type: 'COVISHIELD',
    daily_capacity: '120',
    centre_type: 'Permanent',
    expiry_date: '30-11-2026',
  });
  return JSON.stringify({ centers: [centre(1234), centre(5678), centre(9012)] });
}

if (process.argv[1]?.endsWith('ceiling.ts')) {
  const port = Number(process.argv[2] ?? 0);
  const body = Buffer.from(ceilingBody());
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
