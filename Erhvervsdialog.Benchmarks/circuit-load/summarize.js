// Reads the JSON lines circuit-load wrote (node summarize.js CIRCUITS FILE...; later files win) and prints each journey's figures next to the bare
// template's, as ratios, with the goals (heap ≤ 4×, click p95 ≤ 3×, fresh load ≤ 1.5×).
'use strict';
const fs = require('fs');
const circuits = Number(process.argv[2]);
const files = process.argv.slice(3);
const runs = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)));
const journeys = new Map();
for (const run of runs) {
  for (const j of run.journeys) {
    const level = j.levels.find((l) => l.circuits === circuits) ?? j.levels[j.levels.length - 1];
    if (level) journeys.set(j.name, level);
  }
}
const base = journeys.get('template-counter');
if (!base) throw new Error('no template-counter figures in ' + files.join(', '));
const fmt = (v, d = 0) => (v == null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const ratio = (v, b) => (v == null || !b ? null : v / b);
const cell = (v, b, goal, d = 0) => {
  if (v == null) return '–';
  const r = ratio(v, b);
  return `${fmt(v, d)} (${fmt(r, 1)}×${goal && r > goal ? ' ✗' : ''})`;
};
const rows = [['journey', 'circuits', 'heap/circuit KB', 'w/o buffers KB', 'click p50 ms', 'click p95 ms', 'fresh load p50 ms', 'HTML p50 ms', 'failed']];
for (const [name, l] of journeys) {
  const isBase = name === 'template-counter';
  rows.push([
    name, String(l.opened ?? '–'),
    isBase ? fmt(l.mem?.heapPerCircuitKB) : cell(l.mem?.heapPerCircuitKB, base.mem?.heapPerCircuitKB, 4),
    isBase ? fmt(l.mem?.heapPerCircuitNoBuffersKB) : cell(l.mem?.heapPerCircuitNoBuffersKB, base.mem?.heapPerCircuitNoBuffersKB, 4),
    isBase ? fmt(l.latency?.p50, 1) : cell(l.latency?.p50, base.latency?.p50, 0, 1),
    isBase ? fmt(l.latency?.p95, 1) : cell(l.latency?.p95, base.latency?.p95, 3, 1),
    isBase ? fmt(l.tti?.p50) : cell(l.tti?.p50, base.tti?.p50, 1.5),
    fmt(l.tti?.responseEndP50),
    l.latency ? `${l.latency.failures}/${l.latency.attempts}` : '–',
  ]);
}
console.log(rows.map((r, i) => `| ${r.join(' | ')} |` + (i === 0 ? `\n|${r.map(() => '---').join('|')}|` : '')).join('\n'));
console.log('\n(ratio to the bare template in brackets; ✗ = over the goal: heap 4×, click p95 3×, fresh load 1.5×)');
