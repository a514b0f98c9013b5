// Child process for the memory rows: one upload of an existing file through
// wx.uploadFile on a fresh simulator, sampling RSS every 10 ms. Prints JSON
// { ms, baselineRss, peakRss } on stdout. Plain JS on dist/ so nothing but the
// upload itself grows the heap during the measurement.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createSimulator } = require('../../dist/index.js');

async function main() {
  const size = Number(process.argv[2]);
  const sim = await createSimulator({ defaultAlbum: false, quotaBytes: 2 ** 40 });
  const g = {};
  sim.install(g);
  const wxPath = `${sim.device.userDataPath}/upload.bin`;
  const host = sim.device.toHostPath(wxPath);
  fs.mkdirSync(path.dirname(host), { recursive: true });
  // a sparse file is read as zeros at full speed: no page cache pressure from writing it
  fs.closeSync(fs.openSync(host, 'w'));
  fs.truncateSync(host, size);
  // warm up TLS, the CA and the code paths with a small upload
  const small = `${sim.device.userDataPath}/small.bin`;
  g.wx.getFileSystemManager().writeFileSync(small, 'x'.repeat(1024));
  await new Promise((resolve) => g.wx.uploadFile({ url: 'https://test.url/upload', filePath: small, name: 'file', complete: resolve }));
  global.gc?.();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  const t0 = process.hrtime.bigint();
  const res = await new Promise((resolve) =>
    g.wx.uploadFile({ url: 'https://test.url/upload', filePath: wxPath, name: 'file', complete: resolve }),
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (res.statusCode !== 200) throw new Error(`upload failed: ${res.errMsg} ${res.statusCode}`);
  const files = JSON.parse(res.data).files;
  if (files[0].size !== size) throw new Error(`server saw ${files[0].size} bytes, expected ${size}`);
  await sim.dispose();
  process.stdout.write(JSON.stringify({ ms, baselineRss, peakRss }) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
