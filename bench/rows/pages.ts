/**
 * Pages: a 1,000-row keyed wx:for list replaced by setData (every row changes),
 * mpsim's page runtime vs miniprogram-simulate (the official kit) rendering the
 * same template as a component on happy-dom. Each side runs in its own child
 * process (their DOM globals must not meet), alternating, several rounds.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { median, type BenchContext, type BenchRow, type RowResult } from '../harness';

function child(script: string, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(__dirname, '..', 'children', script), String(n)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve((JSON.parse(out) as { ms: number }).ms) : reject(new Error(`${script} exited ${code}`))));
  });
}

export const pagesRow: BenchRow = {
  name: 'page setData, 1,000-row list re-render',
  async run(ctx: BenchContext): Promise<RowResult> {
    const rounds = ctx.quick ? 2 : 5;
    const n = ctx.quick ? 10 : 30;
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2) {
        ours.push(await child('pages-ours.js', n));
        base.push(await child('pages-simulate.js', n));
      } else {
        base.push(await child('pages-simulate.js', n));
        ours.push(await child('pages-ours.js', n));
      }
    }
    const ratios = ours.map((o, i) => base[i] / o);
    const m = median(ratios);
    return {
      name: this.name,
      ratioLabel: 'miniprogram-simulate ms ÷ mpsim ms per setData',
      median: m,
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      target: '≥ 1.0',
      met: m >= 1,
      detail: `mpsim ${median(ours).toFixed(1)} ms, miniprogram-simulate ${median(base).toFixed(1)} ms per setData (${n} per round, ${rounds} rounds)`,
    };
  },
};
