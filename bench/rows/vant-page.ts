/**
 * A page holding 10 @vant/weapp components, opened warm: mpsim's launch → onReady vs
 * miniprogram-simulate's load + render + attach of the same page component and its 10 vant
 * components on jsdom (as its docs run it). Each side runs in its own child process (their
 * DOM globals must not meet), alternating, several rounds; each child warms up first.
 * miniprogram-simulate keeps its compiled templates across loads (its own cache), mpsim
 * re-reads and re-registers everything per launch.
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

export const vantPageRow: BenchRow = {
  name: 'vant page open, 10 components',
  async run(ctx: BenchContext): Promise<RowResult> {
    const rounds = ctx.quick ? 2 : 4;
    const n = ctx.quick ? 3 : 8;
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2) {
        ours.push(await child('vant-page-ours.js', n));
        base.push(await child('vant-page-simulate.js', n));
      } else {
        base.push(await child('vant-page-simulate.js', n));
        ours.push(await child('vant-page-ours.js', n));
      }
    }
    const ratios = ours.map((o, i) => base[i] / o);
    const m = median(ratios);
    return {
      name: this.name,
      ratioLabel: 'miniprogram-simulate load+render ms ÷ mpsim launch→onReady ms',
      median: m,
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      target: '≥ 1.0',
      met: m >= 1,
      detail: `mpsim ${median(ours).toFixed(1)} ms, miniprogram-simulate ${median(base).toFixed(1)} ms per open (${n} per round, ${rounds} rounds, warm)`,
    };
  },
};
