// Child for the pages row: mpsim renders the list page of bench/fixtures/list-page and
// replaces its 1,000-row keyed list with setData N times (every row changes). Prints ms/setData.
'use strict';
const path = require('node:path');
const { createSimulator } = require('../../dist/index.js');

async function main() {
  const n = Number(process.argv[2] || 30);
  const sim = await createSimulator({ cloud: false, defaultAlbum: false });
  sim.install(globalThis); // project code runs against the simulator's global
  const app = await sim.mpsim.launch(path.join(__dirname, '..', 'fixtures', 'list-page'));
  const page = app.currentPage;
  const rows = (k) => Array.from({ length: 1000 }, (_, i) => ({ id: i, name: 'row ' + i, n: k }));
  for (let k = 0; k < 5; k++) await page.setData({ list: rows(1000 + k) });
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) await page.setData({ list: rows(k) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  if (page.$$('.row').length !== 1000 || !page.text('.row').endsWith(String(n - 1))) throw new Error('list not rendered');
  await sim.dispose();
  process.stdout.write(JSON.stringify({ ms }) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
