/**
 * Cloud rows:
 * - COS server PUT of 64 MiB ÷ s3rver (npm) receiving the same PUT, both on plain
 *   HTTP loopback in this process;
 * - the real cos-wx-sdk-v5 sliceUploadFile, and our VODUpload multipart, of a large
 *   file on a fresh simulator (child process) ÷ a raw undici PUT of the same bytes
 *   to the same server through the same TLS listener;
 * - the same two uploads ÷ their SDK floor: the same child against servers in another
 *   process (children/cloud-server.js), so only the SDK and the transport run on the phone's
 *   thread (`npm run bench -- --only "SDK floor"`; decision 017);
 * - peak RSS growth of a 1 GiB sliceUploadFile and VODUpload multipart.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { Cloud } from '../../simulator/cloud';
import { createCosServer } from '../../simulator/servers/cos';
import { DEFAULT_ACCOUNT, signRequest } from '../../simulator/signing';
import { signOssRequest } from '../../simulator/signing/oss';
import { DEFAULT_ALIYUN_ACCOUNT } from '../../simulator/signing/oss-credentials';
import { fmtRate, median, sideBySide, type BenchContext, type BenchRow, type RowResult, cloudAgent } from '../harness';

const MiB = 1024 * 1024;
const BUCKET = `examplebucket-${DEFAULT_ACCOUNT.appid}`;
const COS_HOST = `${BUCKET}.cos.ap-beijing.myqcloud.com`;

function sparse(dir: string, name: string, size: number): string {
  const f = path.join(dir, name);
  fs.closeSync(fs.openSync(f, 'w'));
  fs.truncateSync(f, size);
  return f;
}

function cosPutHeaders(key: string, size: number): Record<string, string> {
  const headers = { host: COS_HOST, 'content-length': String(size) };
  return {
    ...headers,
    authorization: signRequest({
      secretId: DEFAULT_ACCOUNT.secretId,
      secretKey: DEFAULT_ACCOUNT.secretKey,
      method: 'PUT',
      pathname: `/${key}`,
      headers,
    }),
  };
}

async function put(url: string, file: string, size: number, headers: Record<string, string>, dispatcher?: Agent): Promise<void> {
  const res = await request(url, { method: 'PUT', body: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), headers, dispatcher });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`PUT ${url} → ${res.statusCode} ${text.slice(0, 200)}`);
  void size;
}

export const cosVsS3rverRow: BenchRow = {
  name: 'COS server PUT 64 MiB',
  async run(ctx: BenchContext): Promise<RowResult> {
    const size = (ctx.quick ? 32 : 64) * MiB;
    const file = sparse(ctx.tmp, 'put.bin', size);
    const cos = createCosServer({ dataDir: path.join(ctx.tmp, 'cos-data') });
    const server = http.createServer((req, res) => cos.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const cosPort = (server.address() as AddressInfo).port;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver') as new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
    const s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: path.join(ctx.tmp, 's3rver'),
      configureBuckets: [{ name: 'bench' }],
    });
    const s3Port = (await s3.run()).port;
    try {
      let i = 0;
      const r = await sideBySide({
        ours: () => put(`http://127.0.0.1:${cosPort}/k${i}`, file, size, cosPutHeaders(`k${i++}`, size)),
        base: () => put(`http://127.0.0.1:${s3Port}/bench/k${i++}`, file, size, { 'content-length': String(size) }),
        runs: ctx.quick ? 3 : 11, // s3rver's throughput swings ±40 % between runs here
        warmup: 1,
      });
      const m = median(r.ratios);
      return {
        name: `${this.name.replace('64', String(size / MiB))}`,
        ratioLabel: 'COS server throughput ÷ s3rver throughput',
        median: m,
        min: Math.min(...r.ratios),
        max: Math.max(...r.ratios),
        target: '≥ 1.5',
        met: m >= 1.5,
        detail: `COS server ${fmtRate(size, median(r.oursMs))} (signature checked, md5 computed, atomic commit), s3rver ${fmtRate(size, median(r.baseMs))}`,
      };
    } finally {
      server.close();
      await s3.close();
      await cos.close?.();
    }
  },
};

/**
 * Runs one upload in a fresh child (see children/upload-rss.js). `remote`: the address line of a
 * children/cloud-server.js process the phone dials instead of a cloud of its own.
 */
export function childUpload(
  size: number,
  mode: 'wx' | 'cos' | 'vod',
  remote?: string,
): Promise<{ ms: number; mainCpuMs?: number; growthMiB: number; baselineMiB: number; peakMiB: number }> {
  const script = path.join(__dirname, '..', 'children', 'upload-rss.js');
  const env = remote ? { ...process.env, MPSIM_BENCH_REMOTE: remote } : process.env;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', script, String(size), mode], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} upload child exited ${code}`));
      const r = JSON.parse(out) as { ms: number; mainCpuMs?: number; baselineRss: number; peakRss: number };
      resolve({
        ms: r.ms,
        mainCpuMs: r.mainCpuMs,
        growthMiB: (r.peakRss - r.baselineRss) / MiB,
        baselineMiB: r.baselineRss / MiB,
        peakMiB: r.peakRss / MiB,
      });
    });
  });
}

/** A Cloud in this process and an undici Agent dialling it like the simulator's transport. */
async function rawRig(): Promise<{ cloud: Cloud; agent: Agent; close(): Promise<void> }> {
  const cloud = await Cloud.start();
  const agent = cloudAgent(cloud);
  return { cloud, agent, close: async () => (await agent.close(), await cloud.close()) };
}

function sdkRow(mode: 'cos' | 'vod'): BenchRow {
  const label = mode === 'cos' ? 'cos-wx-sdk-v5 sliceUploadFile' : 'VODUpload multipart';
  return {
    name: label,
    async run(ctx: BenchContext): Promise<RowResult> {
      const size = (ctx.quick ? 64 : 256) * MiB;
      const file = sparse(ctx.tmp, `${mode}.bin`, size);
      const rig = await rawRig();
      const ratios: number[] = [];
      const ours: number[] = [];
      const raw: number[] = [];
      try {
        const rawPut = async (i: number) => {
          const t0 = process.hrtime.bigint();
          if (mode === 'cos') {
            await put(`https://${COS_HOST}/raw-${i}`, file, size, cosPutHeaders(`raw-${i}`, size), rig.agent);
          } else {
            const host = 'mpsim-bench.oss-cn-shanghai.aliyuncs.com';
            const headers: Record<string, string> = {
              'content-length': String(size),
              'x-oss-date': new Date().toUTCString(),
              'content-type': 'application/octet-stream',
            };
            headers.authorization = signOssRequest({
              ...DEFAULT_ALIYUN_ACCOUNT,
              method: 'PUT',
              bucket: 'mpsim-bench',
              key: `raw-${i}`,
              headers,
            });
            await put(`https://${host}/raw-${i}`, file, size, headers, rig.agent);
          }
          return Number(process.hrtime.bigint() - t0) / 1e6;
        };
        await rawPut(-1); // warm-up
        const rounds = ctx.quick ? 1 : 3;
        for (let i = 0; i < rounds; i++) {
          const b = await rawPut(i);
          const o = (await childUpload(size, mode)).ms;
          raw.push(b);
          ours.push(o);
          ratios.push(b / o);
        }
      } finally {
        await rig.close();
      }
      const m = median(ratios);
      return {
        name: `${label} ${size / MiB} MiB`,
        ratioLabel: 'SDK throughput ÷ raw undici PUT of the same bytes (same TLS listener)',
        median: m,
        min: Math.min(...ratios),
        max: Math.max(...ratios),
        target: '≥ 0.6',
        met: m >= 0.6,
        detail: `SDK ${fmtRate(size, median(ours))}, raw PUT ${fmtRate(size, median(raw))}`,
      };
    },
  };
}

export const cosSliceRow = sdkRow('cos');
export const vodUploadRow = sdkRow('vod');

/** A children/cloud-server.js process: its address line (for childUpload) and how to stop it. */
async function serverChild(mode: 'drain' | 'cloud'): Promise<{ remote: string; stop(): Promise<void> }> {
  const script = path.join(__dirname, '..', 'children', 'cloud-server.js');
  const p = spawn(process.execPath, [script, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const remote = await new Promise<string>((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    p.once('exit', (code) => reject(new Error(`${mode} server child exited ${code}`)));
  });
  return {
    remote,
    stop: () =>
      new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.stdin.end();
      }),
  };
}

/**
 * The SDK's own floor (issue 17 item 6): the same SDK upload (same child, same transport and
 * TLS) against servers in another process, so the phone's thread runs only the SDK and the
 * transport. cos: the floor is a server that only drains (children/cloud-server.js drain); the
 * default cloud in a child (`mpsim serve`'s setup) is measured too, for what moving the servers
 * off the phone's thread would give. vod: the floor is the default cloud in a child (a drain-only
 * VOD + OSS is not written: CreateUploadVideo, the app server and OSS multipart would all be needed).
 */
function sdkFloorRow(mode: 'cos' | 'vod'): BenchRow {
  const label = mode === 'cos' ? 'cos-wx-sdk-v5 sliceUploadFile' : 'VODUpload multipart';
  return {
    name: `SDK floor: ${label}`,
    async run(ctx: BenchContext): Promise<RowResult[]> {
      const size = (ctx.quick ? 64 : 256) * MiB;
      const floorChild = await serverChild(mode === 'cos' ? 'drain' : 'cloud');
      const cloudChild = mode === 'cos' ? await serverChild('cloud') : undefined;
      type Run = Awaited<ReturnType<typeof childUpload>>;
      const ours: Run[] = [];
      const floor: Run[] = [];
      const offThread: Run[] = [];
      try {
        await childUpload(size, mode, floorChild.remote); // warm the page cache and the children
        const rounds = ctx.quick ? 1 : 3;
        for (let i = 0; i < rounds; i++) {
          // alternate the order so neither side always runs on the warmer machine
          if (i % 2 === 0) {
            ours.push(await childUpload(size, mode));
            floor.push(await childUpload(size, mode, floorChild.remote));
          } else {
            floor.push(await childUpload(size, mode, floorChild.remote));
            ours.push(await childUpload(size, mode));
          }
          if (cloudChild) offThread.push(await childUpload(size, mode, cloudChild.remote));
          const child = cloudChild ? `, our cloud in a child ${fmtRate(size, offThread.at(-1)!.ms)}` : '';
          ctx.log(`round ${i + 1}: ours ${fmtRate(size, ours.at(-1)!.ms)}, floor ${fmtRate(size, floor.at(-1)!.ms)}${child}`);
        }
      } finally {
        await floorChild.stop();
        await cloudChild?.stop();
      }
      const floorWhat = mode === 'cos' ? 'a drain-only server in another process' : 'the default cloud in another process';
      const ratios = floor.map((f, i) => f.ms / ours[i]!.ms);
      const m = median(ratios);
      const ms = (rs: Run[]) => median(rs.map((r) => r.ms));
      const out: RowResult[] = [
        {
          name: `${label} ${size / MiB} MiB ÷ SDK floor`,
          ratioLabel: `SDK throughput, servers in the phone's process ÷ the same SDK against ${floorWhat}`,
          median: m,
          min: Math.min(...ratios),
          max: Math.max(...ratios),
          target: '≥ 0.8',
          met: m >= 0.8,
          detail:
            `ours ${fmtRate(size, ms(ours))}, floor ${fmtRate(size, ms(floor))}` +
            (offThread.length ? `; our cloud in a child process ${fmtRate(size, ms(offThread))}` : '') +
            `; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
        },
      ];
      // The same runs by the phone's thread's CPU time: what the throughput ratio tends to on a
      // machine with a core to spare for the servers, whatever else the machine runs.
      const cpu = (rs: Run[]) => rs.map((r) => r.mainCpuMs).filter((x): x is number => x !== undefined);
      if (cpu(ours).length === ours.length && cpu(floor).length === floor.length) {
        const cpuRatios = floor.map((f, i) => f.mainCpuMs! / ours[i]!.mainCpuMs!);
        const cm = median(cpuRatios);
        const s = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s`;
        out.push({
          name: `${label} ${size / MiB} MiB ÷ SDK floor, phone-thread CPU`,
          ratioLabel: "floor's phone-thread CPU time ÷ ours (the same runs)",
          median: cm,
          min: Math.min(...cpuRatios),
          max: Math.max(...cpuRatios),
          target: '≥ 0.8',
          met: cm >= 0.8,
          detail: `phone's thread: ours ${s(cpu(ours))}, floor ${s(cpu(floor))}${offThread.length ? `, our cloud in a child ${s(cpu(offThread))}` : ''} per upload`,
        });
      }
      return out;
    },
  };
}

export const cosFloorRow = sdkFloorRow('cos');
export const vodFloorRow = sdkFloorRow('vod');

export const sdkMemoryRow: BenchRow = {
  name: 'SDK peak RSS growth',
  async run(ctx: BenchContext): Promise<RowResult[]> {
    const size = (ctx.quick ? 256 : 1024) * MiB;
    const out: RowResult[] = [];
    for (const mode of ['cos', 'vod'] as const) {
      const g: number[] = [];
      const base: number[] = [];
      const peak: number[] = [];
      for (let i = 0; i < (ctx.quick ? 1 : 5); i++) {
        const r = await childUpload(size, mode);
        g.push(r.growthMiB);
        base.push(r.baselineMiB);
        peak.push(r.peakMiB);
      }
      const m = median(g);
      // The baseline (RSS after the warm-up upload and a GC) moves by tens of MiB between
      // fresh processes (allocator state); the absolute peak is the steadier figure.
      const span = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      out.push({
        name: `${mode === 'cos' ? 'cos-wx-sdk-v5 sliceUploadFile' : 'VODUpload multipart'} ${size / MiB} MiB: peak RSS growth`,
        ratioLabel: 'MiB over the pre-upload baseline',
        median: m,
        min: Math.min(...g),
        max: Math.max(...g),
        target: '≤ 64 MiB',
        met: m <= 64,
        detail: `fresh process per run; servers in the same process${mode === 'vod' ? '; SDK defaults: 5 parts of 1 MiB in flight' : ''}; baseline ${span(base)} MiB, peak ${span(peak)} MiB absolute`,
      });
    }
    return out;
  },
};
