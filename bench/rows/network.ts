/**
 * Network rows:
 * - wx.uploadFile of a large file over HTTPS loopback ÷ raw undici streaming the
 *   same multipart body to the same Cloud listener (same TLS, same echo server);
 * - small wx.request, 10 in flight ÷ raw undici.request, 10 in flight;
 * - peak RSS growth of one upload (child process per size) and how time and
 *   memory scale from 16 MiB to 1 GiB.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { createSimulator, type Simulator } from '../../index';
import { fmtRate, median, sideBySide, type BenchContext, type BenchRow, type RowResult, cloudAgent } from '../harness';

const MiB = 1024 * 1024;

interface Rig {
  sim: Simulator;
  wx: any;
  agent: Agent;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const sim = await createSimulator({ defaultAlbum: false, quotaBytes: 2 ** 40 });
  const g: Record<string, unknown> = {};
  sim.install(g);
  const cloud = sim.cloud!;
  // The baseline dials the same listener with the same TLS settings the transport uses.
  const agent = cloudAgent(cloud);
  return {
    sim,
    wx: g.wx,
    agent,
    close: async () => {
      await agent.close();
      await sim.dispose();
    },
  };
}

function sparseFile(sim: Simulator, name: string, size: number): { wxPath: string; hostPath: string } {
  const wxPath = `${sim.device.userDataPath}/${name}`;
  const hostPath = sim.device.toHostPath(wxPath);
  fs.mkdirSync(path.dirname(hostPath), { recursive: true });
  fs.closeSync(fs.openSync(hostPath, 'w'));
  fs.truncateSync(hostPath, size);
  return { wxPath, hostPath };
}

function wxUpload(wx: any, filePath: string): Promise<void> {
  return new Promise((resolve, reject) =>
    wx.uploadFile({
      url: 'https://test.url/upload',
      filePath,
      name: 'file',
      formData: { user: 'bench' },
      success: (r: any) => (r.statusCode === 200 ? resolve() : reject(new Error(`status ${r.statusCode}`))),
      fail: (e: any) => reject(new Error(e.errMsg)),
    }),
  );
}

/** The same multipart body wx.uploadFile sends (field first, then the file), streamed from disk. */
async function rawUpload(agent: Agent, hostPath: string, size: number): Promise<void> {
  const boundary = `----mpsimbench${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\nbench\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(hostPath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* body() {
    yield head;
    yield* fs.createReadStream(hostPath, { highWaterMark: 64 * 1024 });
    yield tail;
  }
  const res = await request('https://test.url/upload', {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) },
    body: Readable.from(body()),
  });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
}

export const uploadThroughputRow: BenchRow = {
  name: 'wx.uploadFile large file, HTTPS loopback',
  async run(ctx: BenchContext): Promise<RowResult> {
    const size = (ctx.quick ? 64 : 256) * MiB;
    const r = await rig();
    try {
      const f = sparseFile(r.sim, 'big.bin', size);
      const res = await sideBySide({
        ours: () => wxUpload(r.wx, f.wxPath),
        base: () => rawUpload(r.agent, f.hostPath, size),
        runs: ctx.quick ? 3 : 9,
        warmup: 1,
      });
      const m = median(res.ratios);
      return {
        name: `${this.name} (${size / MiB} MiB)`,
        ratioLabel: 'ours throughput ÷ raw undici streaming the same multipart body',
        median: m,
        min: Math.min(...res.ratios),
        max: Math.max(...res.ratios),
        target: '≥ 0.90',
        met: m >= 0.9,
        detail: `ours ${fmtRate(size, median(res.oursMs))}, raw ${fmtRate(size, median(res.baseMs))}`,
      };
    } finally {
      await r.close();
    }
  },
};

export const requestRateRow: BenchRow = {
  name: 'small wx.request, 10 in flight',
  async run(ctx: BenchContext): Promise<RowResult> {
    const n = ctx.quick ? 500 : 5000; // 2000 left the min–max ±25 % wide on this 2-core machine
    const r = await rig();
    try {
      const pool = async (one: () => Promise<void>) => {
        let left = n;
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            while (left-- > 0) await one();
          }),
        );
      };
      const ours = () =>
        pool(
          () =>
            new Promise<void>((resolve, reject) =>
              r.wx.request({
                url: 'https://test.url/bytes/64',
                success: (res: any) => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))),
                fail: (e: any) => reject(new Error(e.errMsg)),
              }),
            ),
        );
      const base = () =>
        pool(async () => {
          const res = await request('https://test.url/bytes/64', { dispatcher: r.agent });
          await res.body.text();
          if (res.statusCode !== 200) throw new Error(String(res.statusCode));
        });
      const res = await sideBySide({ ours, base, runs: ctx.quick ? 3 : 7, warmup: 1 });
      const m = median(res.ratios);
      return {
        name: this.name,
        ratioLabel: 'ours requests/s ÷ raw undici.request requests/s',
        median: m,
        min: Math.min(...res.ratios),
        max: Math.max(...res.ratios),
        target: '≥ 0.80',
        met: m >= 0.8,
        detail: `ours ${((n / median(res.oursMs)) * 1000).toFixed(0)} req/s, raw ${((n / median(res.baseMs)) * 1000).toFixed(0)} req/s (${n} requests)`,
      };
    } finally {
      await r.close();
    }
  },
};

/** One upload of `size` bytes in a fresh child process: time and peak RSS growth. */
export function uploadInChild(size: number): Promise<{ ms: number; growthMiB: number }> {
  const child = path.join(__dirname, '..', 'children', 'upload-rss.js');
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', child, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`upload child exited ${code}`));
      const r = JSON.parse(out) as { ms: number; baselineRss: number; peakRss: number };
      resolve({ ms: r.ms, growthMiB: (r.peakRss - r.baselineRss) / MiB });
    });
  });
}

export const uploadMemoryRow: BenchRow = {
  name: 'wx.uploadFile peak RSS growth + scaling',
  async run(ctx: BenchContext): Promise<RowResult[]> {
    const sizes = ctx.quick ? [16, 128] : [16, 256, 1024];
    const runs = ctx.quick ? 1 : 3;
    const rows: RowResult[] = [];
    const perSize: Array<{ mib: number; ms: number; growth: number[] }> = [];
    for (const mib of sizes) {
      const growth: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await uploadInChild(mib * MiB);
        growth.push(r.growthMiB);
        times.push(r.ms);
      }
      perSize.push({ mib, ms: median(times), growth });
    }
    const largest = perSize[perSize.length - 1];
    const g = median(largest.growth);
    rows.push({
      name: `wx.uploadFile ${largest.mib} MiB: peak RSS growth`,
      ratioLabel: 'MiB over the pre-upload baseline',
      median: g,
      min: Math.min(...largest.growth),
      max: Math.max(...largest.growth),
      target: '≤ 64 MiB',
      met: g <= 64,
      detail: `${runs} fresh processes; server (echo, busboy) runs in the same process`,
    });
    const first = perSize[0];
    const timeRatio = largest.ms / largest.mib / (first.ms / first.mib);
    rows.push({
      name: `upload scaling ${sizes.join(' → ')} MiB`,
      ratioLabel: `time per MiB at ${largest.mib} MiB ÷ at ${first.mib} MiB`,
      median: timeRatio,
      min: timeRatio,
      max: timeRatio,
      target: '≈ 1 (linear time), RSS flat',
      met: timeRatio <= 1.5 && Math.max(...perSize.map((p) => median(p.growth))) <= 64,
      detail: perSize.map((p) => `${p.mib} MiB: ${(p.ms / 1000).toFixed(2)} s, +${median(p.growth).toFixed(0)} MiB RSS`).join('; '),
    });
    return rows;
  },
};
