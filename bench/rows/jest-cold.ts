/**
 * jest, cold: one page test file (the sample mini-program's, which launches a
 * project, renders pages and uploads) with jest's cache disabled, ÷ the same
 * for a small non-page test file in the same environment (the fixed cost of
 * jest + ts-jest + a simulator per file). Absolute seconds are the figure users feel.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { median, type BenchContext, type BenchRow, type RowResult } from '../harness';

const root = path.join(__dirname, '..', '..');

function jestOnce(file: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--no-cache', '--runTestsByPath', file], {
      cwd: root,
      stdio: 'ignore',
    });
    p.on('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`jest ${file} exited ${code}`)),
    );
  });
}

export const jestColdRow: BenchRow = {
  name: 'jest, one page test file, cold',
  async run(ctx: BenchContext): Promise<RowResult> {
    const page = 'tests/pages/sample-miniprogram.test.ts';
    const base = 'tests/runtime/convention.test.ts';
    const pageMs: number[] = [];
    const baseMs: number[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      baseMs.push(await jestOnce(base));
      pageMs.push(await jestOnce(page));
    }
    const ratios = pageMs.map((p, i) => p / baseMs[i]);
    return {
      name: this.name,
      ratioLabel: `${path.basename(page)} ÷ ${path.basename(base)} (jest --no-cache)`,
      median: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      target: 'absolute figure',
      met: undefined,
      detail: `page test file ${(median(pageMs) / 1000).toFixed(1)} s, small non-page file ${(median(baseMs) / 1000).toFixed(1)} s, cold (no transform cache)`,
    };
  },
};
