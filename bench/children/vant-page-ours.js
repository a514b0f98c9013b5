// Child for the vant-page row: mpsim launches the 10-component vant page (launch → onReady),
// warm (after 3 unmeasured launches), N times. Prints ms per launch.
'use strict';
const { createSimulator } = require('../../dist/index.js');
const { vantPageProject, missingIn } = require('./vant-page-project.js');

async function main() {
  const n = Number(process.argv[2] || 10);
  const project = vantPageProject();
  const sim = await createSimulator({ cloud: false, defaultAlbum: false });
  sim.install(globalThis);
  let errors = 0;
  sim.onScriptError(() => errors++);
  for (let k = 0; k < 3; k++) await (await sim.mpsim.launch(project.dir)).close();
  let total = 0n;
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    const app = await sim.mpsim.launch(project.dir);
    total += process.hrtime.bigint() - t0;
    const page = app.currentPage;
    const missing = missingIn(page.root);
    if (missing.length) throw new Error(`not rendered: ${missing.join(' ')}`);
    await app.close();
  }
  if (errors) throw new Error(`${errors} script errors`);
  await sim.dispose();
  project.remove();
  process.stdout.write(JSON.stringify({ ms: Number(total) / 1e6 / n }) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
