const Database = require('better-sqlite3');
const db = new Database(':memory:');
const cols = Array.from({length: 16}, (_, i) => `col_${i}`);
db.exec(`create table t (id integer primary key, ${cols.map(c => c + ' text').join(',')})`);
const ins = db.prepare(`insert into t values (?, ${cols.map(() => '?').join(',')})`);
for (let i = 0; i < 1000; i++) ins.run(i, ...cols.map((c) => c + i));
const s1 = db.prepare('select * from t where id = ?');
const s2 = db.prepare('select * from t where id = ? ').raw(true);
const names = s2.columns().map(c => c.name);
const build = new Function('r', 'return {' + names.map((n, i) => JSON.stringify(n) + ': r[' + i + ']').join(',') + '}');
function run(label, f) { let x; for (let k = 0; k < 3; k++) { const t = process.hrtime.bigint(); for (let i = 0; i < 200000; i++) x = f(i % 1000); const ns = Number(process.hrtime.bigint() - t) / 200000; if (k == 2) console.log(label, ns.toFixed(0), 'ns'); } return x; }
run('objects', (i) => s1.all(i));
run('raw+build', (i) => s2.all(i).map(build));
const s3 = db.prepare('select id, col_0 from t where id = ?'); const s4 = db.prepare('select id, col_0 from t where id = ? ').raw(true);
const b4 = new Function('r', 'return {id: r[0], col_0: r[1]}');
run('objects2', (i) => s3.all(i));
run('raw2', (i) => s4.all(i).map(b4));
