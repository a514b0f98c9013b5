/**
 * Page rows: mpsim's page runtime against miniprogram-simulate (the official kit) doing the same
 * work. Each side runs in its own child process (their DOM globals must not meet), alternating,
 * several rounds; the ratio is miniprogram-simulate's time ÷ ours (≥ 1.0: we are faster).
 *
 * - 'page setData, 1,000-row list re-render': a keyed wx:for list replaced by setData (every row
 *   changes); miniprogram-simulate renders the same template as a component on happy-dom.
 * - 'vant page open, 10 components': a page holding 10 @vant/weapp components, opened warm —
 *   mpsim's launch → onReady vs miniprogram-simulate's load + render + attach of the same page
 *   component and its 10 vant components on jsdom (as its docs run it); each child warms up
 *   first. miniprogram-simulate keeps its compiled templates across loads (its own cache), mpsim
 *   re-reads and re-registers everything per launch.
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

interface VersusSimulate {
  name: string;
  /** Child scripts under bench/children: ours and miniprogram-simulate's; argv[2] is `n`. */
  ours: string;
  simulate: string;
  /** Rounds and operations per round: [quick, full]. */
  rounds: [number, number];
  n: [number, number];
  ratioLabel: string;
  /** What one measured operation is, for the detail line ("per setData"). */
  per: string;
}

function versusSimulate(spec: VersusSimulate): BenchRow {
  return {
    name: spec.name,
    async run(ctx: BenchContext): Promise<RowResult> {
      const rounds = spec.rounds[ctx.quick ? 0 : 1];
      const n = spec.n[ctx.quick ? 0 : 1];
      const ours: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < rounds; i++) {
        if (i % 2) {
          ours.push(await child(spec.ours, n));
          base.push(await child(spec.simulate, n));
        } else {
          base.push(await child(spec.simulate, n));
          ours.push(await child(spec.ours, n));
        }
      }
      const ratios = ours.map((o, i) => base[i] / o);
      const m = median(ratios);
      return {
        name: spec.name,
        ratioLabel: spec.ratioLabel,
        median: m,
        min: Math.min(...ratios),
        max: Math.max(...ratios),
        target: '≥ 1.0',
        met: m >= 1,
        detail: `mpsim ${median(ours).toFixed(1)} ms, miniprogram-simulate ${median(base).toFixed(1)} ms ${spec.per} (${n} per round, ${rounds} rounds)`,
      };
    },
  };
}

export const pagesRow = versusSimulate({
  name: 'page setData, 1,000-row list re-render',
  ours: 'pages-ours.js',
  simulate: 'pages-simulate.js',
  rounds: [2, 5],
  n: [10, 30],
  ratioLabel: 'miniprogram-simulate ms ÷ mpsim ms per setData',
  per: 'per setData',
});

export const vantPageRow = versusSimulate({
  name: 'vant page open, 10 components',
  ours: 'vant-page-ours.js',
  simulate: 'vant-page-simulate.js',
  rounds: [2, 4],
  n: [3, 8],
  ratioLabel: 'miniprogram-simulate load+render ms ÷ mpsim launch→onReady ms',
  per: 'per warm open',
});
