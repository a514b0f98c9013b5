/**
 * `mpsim run` of an empty script ÷ `node -e 0`: the fixed cost a user pays per
 * script (process start, loading the runtime, creating a Device and the cloud).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, sideBySide, type BenchRow } from '../harness';

const root = path.join(__dirname, '..', '..');

function runNode(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore', cwd: root });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

export const startupRow: BenchRow = {
  name: '`mpsim run` empty script',
  async run(ctx) {
    const empty = path.join(ctx.tmp, 'empty.js');
    fs.writeFileSync(empty, '');
    const runs = ctx.quick ? 5 : 15;
    const r = await sideBySide({
      ours: () => runNode([path.join(root, 'bin', 'mpsim'), 'run', empty]),
      base: () => runNode(['-e', '0']),
      runs,
      warmup: 2,
    });
    const slow = r.ratios.map((x) => 1 / x); // ours ÷ base (how many times slower)
    const m = median(slow);
    return {
      name: this.name,
      ratioLabel: 'ours time ÷ `node -e 0` time',
      median: m,
      min: Math.min(...slow),
      max: Math.max(...slow),
      target: '≤ 3×',
      met: m <= 3,
      detail: `mpsim run ${median(r.oursMs).toFixed(0)} ms, node -e 0 ${median(r.baseMs).toFixed(0)} ms (median of ${runs})`,
    };
  },
};
