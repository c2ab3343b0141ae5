const p2 = (n) => (n < 10 ? '0' + n : '' + n);
const p3 = (n) => (n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n);
function manual(d) {
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return d.toISOString();
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}Z`;
}
// day memo: date part cached per UTC day, time part computed arithmetically
let dayStart = NaN, dayText = '';
function dayMemo(d) {
  const t = d.getTime();
  if (!(t >= dayStart && t < dayStart + 86400000)) {
    if (!Number.isFinite(t) ) return d.toISOString();
    const s = d.toISOString(); dayStart = t - (t % 86400000 + 86400000) % 86400000; dayText = s.slice(0, 11);
  }
  let ms = t - dayStart; const h = (ms / 3600000) | 0; ms -= h * 3600000; const m = (ms / 60000) | 0; ms -= m * 60000; const s = (ms / 1000) | 0; ms -= s * 1000;
  return dayText + p2(h) + ':' + p2(m) + ':' + p2(s) + '.' + p3(ms) + 'Z';
}
const dates = Array.from({ length: 1000 }, (_, i) => new Date(1764600000000 + i * 7919123));
for (const d of dates) { if (manual(d) !== d.toISOString() || dayMemo(d) !== d.toISOString()) throw new Error(d.toISOString() + ' ' + manual(d) + ' ' + dayMemo(d)); }
function bench(label, f) { let x; for (let r = 0; r < 3; r++) { const t = process.hrtime.bigint(); for (let i = 0; i < 1e6; i++) x = f(dates[i % 1000]); if (r === 2) console.log(label, (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0), 'ns'); } return x; }
bench('toISOString', (d) => d.toISOString());
bench('manual', manual);
const same = dates.map(d => new Date(1764600000000 + (d.getTime() % 3600000)));
bench('dayMemo (same day)', (d) => dayMemo(new Date(1764600000000 + (d.getTime() % 3600000))));
bench('toISOString (same day)', (d) => new Date(1764600000000 + (d.getTime() % 3600000)).toISOString());
