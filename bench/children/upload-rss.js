// Child process for the memory and SDK rows: one upload of a sparse file of SIZE bytes on a
// fresh simulator, through MODE = wx (wx.uploadFile), cos (the real cos-wx-sdk-v5
// sliceUploadFile) or vod (our VODUpload, multipart), sampling RSS every 10 ms. Prints JSON
// { ms, mainCpuMs, baselineRss, peakRss }. Plain JS on dist/ so nothing but the upload grows the heap.
// With MPSIM_BENCH_REMOTE = the JSON line of children/cloud-server.js, the phone has no cloud of
// its own and dials that process's listeners instead (the SDK-floor rows): same transport, same
// TLS, but no server code on this thread.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createSimulator } = require('../../dist/index.js');

const BUCKET = 'examplebucket-1250000000';

/**
 * CPU time of the main (phone's) thread so far, ms, from /proc (Linux; undefined elsewhere).
 * Unlike wall time it does not depend on what else the machine runs. utime + stime are fields
 * 14 and 15 of /proc/<pid>/task/<tid>/stat, in clock ticks (USER_HZ, 100 on Linux).
 */
function mainThreadCpuMs() {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

async function main() {
  const size = Number(process.argv[2]);
  const mode = process.argv[3] || 'wx';
  const remote = process.env.MPSIM_BENCH_REMOTE ? JSON.parse(process.env.MPSIM_BENCH_REMOTE) : undefined;
  const sim = await createSimulator({
    defaultAlbum: false,
    quotaBytes: 2 ** 40,
    app: { networkTimeout: { request: 600000, uploadFile: 600000 } },
    ...(remote ? { cloud: false } : {}),
  });
  // What the transport reads of a Cloud: its listeners, its CA and which hosts it routes.
  if (remote) sim.device.network.attach({ ...remote, faultToken: '', isRouted: () => true });
  sim.install(globalThis); // the SDKs reach `wx` as a global, as on the phone
  const wx = globalThis.wx;
  const file = (name, bytes) => {
    const wxPath = `${sim.device.userDataPath}/${name}`;
    const host = sim.device.toHostPath(wxPath);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.closeSync(fs.openSync(host, 'w'));
    fs.truncateSync(host, bytes); // sparse: reads as zeros at full speed
    return wxPath;
  };
  const big = file('upload.bin', size);
  // Read it once, as the baseline's warm-up PUT reads its file: the first read of a fresh
  // sparse file costs ~0.5 s per 256 MiB on ext4 (measured), which is the disk, not us.
  {
    const fd = fs.openSync(sim.device.toHostPath(big), 'r');
    const buf = Buffer.allocUnsafe(1024 * 1024);
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
    fs.closeSync(fd);
  }
  const warm = file('warm.bin', 2 * 1024 * 1024);

  let upload;
  if (mode === 'wx') {
    upload = (p) =>
      new Promise((resolve, reject) =>
        wx.uploadFile({
          url: 'https://test.url/upload',
          filePath: p,
          name: 'file',
          success: (r) => (r.statusCode === 200 ? resolve() : reject(new Error(r.data))),
          fail: (e) => reject(new Error(e.errMsg)),
        }),
      );
  } else if (mode === 'cos') {
    globalThis.window = {}; // the SDK's UMD wrapper passes it along (this process runs nothing else)
    const COS = require('cos-wx-sdk-v5');
    const cos = new COS({ SecretId: 'AKIDmpsimEXAMPLE', SecretKey: 'mpsimSECRETKEYexample' });
    let n = 0;
    upload = (p) =>
      new Promise((resolve, reject) =>
        cos.sliceUploadFile({ Bucket: BUCKET, Region: 'ap-beijing', Key: `bench-${n++}.bin`, FilePath: p }, (err) =>
          err ? reject(new Error(JSON.stringify(err))) : resolve(),
        ),
      );
  } else if (mode === 'vod') {
    const { VODUpload } = require('../../dist/sdk/vod-upload/index.js');
    const post = (sub, data) =>
      new Promise((resolve, reject) =>
        wx.request({
          url: `https://appserver.mpsim.test/vod/aliyun/${sub}`,
          method: 'POST',
          data,
          success: (r) => resolve(r.data),
          fail: (e) => reject(new Error(e.errMsg)),
        }),
      );
    upload = (p) =>
      new Promise((resolve, reject) => {
        const u = new VODUpload({
          // the SDK's defaults (partSize 1 MiB, parallel 5): what an app gets
          onUploadstarted: async (info) => {
            const r = await post('create-upload-video', { Title: 'bench', FileName: 'bench.mp4' });
            u.setUploadAuthAndAddress(info, r.UploadAuth, r.UploadAddress, r.VideoId);
          },
          onUploadSucceed: () => resolve(),
          onUploadFailed: (_i, code, message) => reject(new Error(`${code} ${message}`)),
          onUploadTokenExpired: () => reject(new Error('token expired')),
        });
        u.addFile({ url: p });
        u.startUpload();
      });
  } else throw new Error(`unknown mode ${mode}`);

  await upload(warm); // TLS, CA, code paths warm
  global.gc?.();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  const cpu0 = mainThreadCpuMs();
  const t0 = process.hrtime.bigint();
  await upload(big);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = mainThreadCpuMs();
  const mainCpuMs = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  await sim.dispose();
  process.stdout.write(JSON.stringify({ ms, mainCpuMs, baselineRss, peakRss }) + '\n');
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
