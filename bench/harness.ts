/**
 * The benchmark harness: every row is a ratio of two things measured side by
 * side in the same run (this machine is noisy), after a warm-up, over several
 * runs; the table reports the median ratio with its min–max, plus the absolute
 * figures for context. Nothing here asserts a wall-clock limit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { Agent } from 'undici';

export interface BenchContext {
  quick: boolean;
  /** Scratch dir for generated data, removed at the end. */
  tmp: string;
  log(msg: string): void;
}

export interface RowResult {
  name: string;
  /** e.g. "ours ÷ raw undici (throughput)". */
  ratioLabel: string;
  median: number;
  min: number;
  max: number;
  target: string;
  met: boolean | undefined;
  /** Absolute figures, e.g. "ours 410 MB/s, raw 450 MB/s". */
  detail: string;
}

export interface BenchRow {
  name: string;
  run(ctx: BenchContext): Promise<RowResult | RowResult[]>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `fn` once (ms, high resolution). */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Runs `ours` and `base` alternately (so drift hits both), `runs` times after `warmup`
 * rounds. `ratios` are per-round base time ÷ our time: a throughput ratio, > 1 when
 * ours is faster.
 */
export async function sideBySide(opts: {
  ours: () => Promise<unknown>;
  base: () => Promise<unknown>;
  runs: number;
  warmup?: number;
}): Promise<{ oursMs: number[]; baseMs: number[]; ratios: number[] }> {
  for (let i = 0; i < (opts.warmup ?? 1); i++) {
    await opts.base();
    await opts.ours();
  }
  const oursMs: number[] = [];
  const baseMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    // alternate the order so neither side always runs on the warmer machine
    let o: number;
    let b: number;
    if (i % 2 === 0) {
      b = await timeIt(opts.base);
      o = await timeIt(opts.ours);
    } else {
      o = await timeIt(opts.ours);
      b = await timeIt(opts.base);
    }
    oursMs.push(o);
    baseMs.push(b);
    ratios.push(b / o);
  }
  return { oursMs, baseMs, ratios };
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

export function fmtRate(bytes: number, ms: number): string {
  return `${(bytes / 1048576 / (ms / 1000)).toFixed(0)} MiB/s`;
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function renderTable(rows: RowResult[], quick: boolean): string {
  const lines = [
    `# mpsim benchmarks`,
    ``,
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    `- machine: ${machineDescription()}`,
    `- mode: ${quick ? 'quick (--quick: smaller sizes, fewer runs)' : 'full'}`,
    ``,
    `| row | ratio | median | min–max | target | met | absolute figures |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.ratioLabel} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'yes' : 'NO'} | ${r.detail} |`,
    );
  }
  lines.push('', 'The soak (2,000 uploads, 10 in flight: RSS and open fds) is `npm run soak`; its last figures are in [SOAK.md](SOAK.md).');
  return lines.join('\n') + '\n';
}

export function makeTmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-bench-'));
}

/** Writes a file of `size` deterministic pseudo-random bytes without holding it in memory. */
export function writeDataFile(file: string, size: number): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(1 << 20);
  let x = 0x9e3779b9;
  for (let i = 0; i < chunk.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.writeUInt32LE(x >>> 0, i);
  }
  for (let written = 0; written < size;) {
    const n = Math.min(chunk.length, size - written);
    fs.writeSync(fd, chunk, 0, n);
    chunk[0] = (chunk[0] + 1) & 0xff;
    written += n;
  }
  fs.closeSync(fd);
}

/**
 * An undici Agent that dials a Cloud's TLS listener exactly as the simulator's
 * transport does (SNI = the requested host, only the simulator CA trusted): the
 * baseline of every "ours ÷ raw undici" row.
 */
export function cloudAgent(cloud: { port: number; caCert: string }): Agent {
  return new Agent({
    connect: (opts, cb) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port: cloud.port,
        servername: opts.hostname,
        ca: [cloud.caCert],
        ALPNProtocols: ['http/1.1'],
      });
      socket.once('secureConnect', () => cb(null, socket));
      socket.once('error', (err) => cb(err, null));
    },
  });
}
