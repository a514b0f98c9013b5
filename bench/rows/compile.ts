/**
 * The compile step (ES modules / TypeScript → CommonJS) on every script of
 * tdesign-miniprogram 1.16.0 and @vant/weapp 1.11.7, in a fresh process each
 * time: cold (empty cache: every ES module transformed) against cached (the disk
 * cache from the previous run). The ratio says what the content-hash cache buys a
 * second test run; the absolute figures are the cost a cold run pays.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, type BenchRow } from '../harness';

const root = path.join(__dirname, '..', '..');
const child = path.join(__dirname, '..', 'children', 'compile-libs.ts');

interface ChildResult {
  ms: number;
  files: number;
  transformed: number;
  diskHits: number;
  untouched: number;
}

function run(cacheDir: string): ChildResult {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', child], {
    cwd: root,
    env: { ...process.env, MPSIM_CACHE_DIR: cacheDir },
  });
  return JSON.parse(out.toString()) as ChildResult;
}

export const compileRow: BenchRow = {
  name: 'compile step, TDesign + vant scripts',
  async run(ctx) {
    const runs = ctx.quick ? 3 : 7;
    const cold: ChildResult[] = [];
    const cached: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = path.join(ctx.tmp, `compile-cache-${i}`);
      fs.rmSync(dir, { recursive: true, force: true });
      cold.push(run(dir));
      cached.push(run(dir));
    }
    const ratios = cold.map((c, i) => c.ms / cached[i].ms);
    const m = median(ratios);
    const c0 = cold[0];
    return {
      name: this.name,
      ratioLabel: 'cold time ÷ cached time',
      median: m,
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      target: '≥ 2× (the cache pays)',
      met: m >= 2,
      detail:
        `${c0.files} files (${c0.transformed} ES modules transformed, ${c0.untouched} CommonJS untouched): ` +
        `cold ${median(cold.map((r) => r.ms)).toFixed(0)} ms, cached ${median(cached.map((r) => r.ms)).toFixed(0)} ms ` +
        `(median of ${runs} fresh processes)`,
    };
  },
};
