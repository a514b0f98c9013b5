// Child for the pages row: miniprogram-simulate (the official unit-test kit) renders the same
// template as a component on happy-dom globals and gets the same setData sequence.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Window } = require('happy-dom');

async function main() {
  const n = Number(process.argv[2] || 30);
  const window = new Window();
  for (const k of ['window', 'document', 'navigator', 'Node', 'HTMLElement', 'Element', 'Event', 'CustomEvent', 'getComputedStyle']) {
    globalThis[k] = k === 'window' ? window : window[k];
  }
  const simulate = require('miniprogram-simulate');
  const template = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'list-page', 'pages', 'list', 'list.wxml'), 'utf8');
  const comp = simulate.render(simulate.load({ template, data: { list: [] } }));
  comp.attach(document.createElement('parent-wrapper'));
  const rows = (k) => Array.from({ length: 1000 }, (_, i) => ({ id: i, name: 'row ' + i, n: k }));
  for (let k = 0; k < 5; k++) comp.setData({ list: rows(1000 + k) });
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) comp.setData({ list: rows(k) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  if (comp.querySelectorAll('.row').length !== 1000) throw new Error('list not rendered');
  await window.happyDOM.close();
  process.stdout.write(JSON.stringify({ ms }) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
