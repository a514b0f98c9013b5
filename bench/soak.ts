/**
 * `npm run soak` — the opt-in soak of the reliability suite (not part of `npm test`):
 * 2,000 uploads through wx.uploadFile with 10 in flight on one simulator. Every
 * 100 uploads it samples RSS and open fds (/proc/self/fd) after a GC, then prints
 * a table and says whether both stayed flat after warm-up (no trend beyond
 * ±10 %: median of the last third of the samples against the first third). Exits 1 if any upload failed or a figure was not flat.
 *
 * `npm run soak -- --uploads N --inflight K --size BYTES` change the shape.
 * Runs on the TypeScript source (ts-node transpile-only), so no build is needed.
 * The report is printed and written to bench/SOAK.md with the date and machine
 * (unless --no-write).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSimulator } from '../index';
import { machineDescription } from './harness';

interface Sample {
  done: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  failures: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function openFds(): number {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return NaN; // not Linux: fds are not reported
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

function sample(done: number, failures: number): Sample {
  gc?.();
  const mem = process.memoryUsage();
  return { done, rssMiB: mem.rss / 2 ** 20, heapMiB: mem.heapUsed / 2 ** 20, fds: openFds(), failures };
}

async function main(): Promise<void> {
  const total = arg('uploads', 2000);
  const inflight = arg('inflight', 10);
  const size = arg('size', 64 * 1024);
  const every = 100;
  // warm-up: the samples before this many uploads are shown but not judged
  const warmup = Math.min(total / 2, 500);

  const sim = await createSimulator({ defaultAlbum: false });
  const g: Record<string, any> = {};
  sim.install(g);
  const wx = g.wx;
  const filePath = `${sim.device.userDataPath}/soak.bin`;
  wx.getFileSystemManager().writeFileSync(filePath, new Uint8Array(size).fill(7).buffer);

  const samples: Sample[] = [sample(0, 0)];
  let started = 0;
  let done = 0;
  let failures = 0;
  const firstErrors: string[] = [];
  const t0 = Date.now();

  await new Promise<void>((resolveAll) => {
    const next = (): void => {
      if (started >= total) return;
      started++;
      wx.uploadFile({
        url: 'https://test.url/upload',
        filePath,
        name: 'file',
        formData: { n: String(started) },
        complete: (res: any) => {
          const ok = res.statusCode === 200 && JSON.parse(res.data).files?.[0]?.size === size;
          if (!ok) {
            failures++;
            if (firstErrors.length < 5) firstErrors.push(String(res.errMsg) + ' ' + String(res.statusCode));
          }
          done++;
          if (done % every === 0) samples.push(sample(done, failures));
          if (done === total) resolveAll();
          else next();
        },
      });
    };
    for (let k = 0; k < inflight; k++) next();
  });
  const seconds = (Date.now() - t0) / 1000;
  await sim.dispose();

  const judged = samples.filter((s) => s.done >= warmup);
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  // Flat = no trend: the median of the last third of the post-warm-up samples is within
  // ±10 % of the median of the first third. Single samples are taken with 10 uploads in
  // flight, so a socket being replaced shows up as a blip; the widest one is reported.
  const flat = (pick: (s: Sample) => number): { ok: boolean; first: number; last: number; max: number; trend: string; blip: string } => {
    const vals = judged.map(pick);
    const third = Math.max(1, Math.floor(vals.length / 3));
    const base = median(vals.slice(0, third));
    const end = median(vals.slice(-third));
    const trend = (end - base) / base;
    const blip = Math.max(...vals.map((v) => Math.abs(v - base))) / base;
    return {
      ok: Math.abs(trend) <= 0.1,
      first: pick(samples[0]!),
      last: pick(samples[samples.length - 1]!),
      max: Math.max(...samples.map(pick)),
      trend: `${trend >= 0 ? '+' : ''}${(trend * 100).toFixed(1)} %`,
      blip: `${(blip * 100).toFixed(1)} %`,
    };
  };
  const rss = flat((s) => s.rssMiB);
  const fds = flat((s) => s.fds);

  const lines: string[] = [];
  lines.push(
    `soak: ${total} uploads of ${size} bytes, ${inflight} in flight, ${seconds.toFixed(1)} s, ${failures} failed${gc ? '' : ' (no --expose-gc: samples without GC)'}`,
  );
  lines.push('');
  lines.push('| uploads | RSS MiB | heap MiB | open fds | failures |');
  lines.push('|---:|---:|---:|---:|---:|');
  for (const s of samples) lines.push(`| ${s.done} | ${s.rssMiB.toFixed(1)} | ${s.heapMiB.toFixed(1)} | ${s.fds} | ${s.failures} |`);
  lines.push('');
  lines.push(`| figure | first | last | max | trend after ${warmup} uploads | widest single sample | flat (±10 %) |`);
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  lines.push(
    `| RSS MiB | ${rss.first.toFixed(1)} | ${rss.last.toFixed(1)} | ${rss.max.toFixed(1)} | ${rss.trend} | ${rss.blip} | ${rss.ok ? 'yes' : 'NO'} |`,
  );
  lines.push(`| open fds | ${fds.first} | ${fds.last} | ${fds.max} | ${fds.trend} | ${fds.blip} | ${fds.ok ? 'yes' : 'NO'} |`);
  if (firstErrors.length) lines.push('', `first failures: ${firstErrors.join('; ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (!process.argv.includes('--no-write')) {
    const head = [
      '# mpsim soak',
      '',
      `- date: ${new Date().toISOString().slice(0, 10)}`,
      `- machine: ${machineDescription()}`,
      '- command: `npm run soak` (not part of `npm test`)',
      '',
    ];
    fs.writeFileSync(path.join(__dirname, 'SOAK.md'), head.join('\n') + '\n' + lines.join('\n') + '\n');
  }
  process.exitCode = failures === 0 && rss.ok && fds.ok ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(String((err as Error).stack ?? err) + '\n');
  process.exit(1);
});
