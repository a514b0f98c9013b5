/**
 * 'TDesign test files, miniprogram-simulate vs mpsim/simulate' (issue #16): the same TDesign test
 * files, unchanged, run by the same jest (our node_modules' jest 30, one worker, `--ci`) twice per
 * round —
 *
 * - on miniprogram-simulate (1.6.x from our node_modules) with TDesign's own jest config: their
 *   testEnvironment `jsdom` (jest-environment-jsdom, which jest 27+ no longer bundles: the one
 *   devDependency this row added), their setup file, their snapshot serializer;
 * - on mpsim/simulate: the same config with the module mapping (miniprogram-simulate →
 *   mpsim/simulate, mpsim's test environment and snapshot serializer).
 *
 * Both configs come from scripts/conformance.ts (`harnessConfig` and `mappedConfig` on top of it):
 * what both sides change in TDesign's config is only what any run here changes (no coverage, no
 * html reporter — not installed —, the jest ≤ 28 snapshot format their .snap files were written
 * in, testURL → testEnvironmentOptions.url). One warm-up run of each side first (a warm transform
 * cache for both: the cache directory is shared and babel's output is the same for both), then the
 * sides alternate which runs first. Wall time is the whole jest process, start to exit.
 * Ratio = miniprogram-simulate's wall time ÷ mpsim's (≥ 1.0: we are not slower).
 *
 * How the files were chosen: the components the issue names (button, cell, input, dialog, picker,
 * calendar, tabs) plus upload, checkbox, message, config-provider and paragraph — simple ones
 * (button, cell), heavy ones (calendar, picker, upload), timer-driven ones (message: its
 * duration timers run in real time on both sides) and the two files with the most cases
 * (config-provider 46, paragraph text 35) — keeping only files whose every case passes on BOTH
 * sides (the full TDesign suite, 1 worker, 2026-12-04: miniprogram-simulate 743/750,
 * mpsim/simulate 711/750). Speed on either side played no part. Each run's pass counts are read
 * from jest's --json output and shown in the row, so the ratio is of equal work; the row is not
 * met if they differ.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessConfig, mappedConfig, prepare, SUITES } from '../../scripts/conformance';
import { median, type BenchContext, type BenchRow, type RowResult } from '../harness';

const REPO = path.resolve(__dirname, '..', '..');
const NAME = 'TDesign test files, miniprogram-simulate vs mpsim/simulate';

/** The chosen test files (relative to packages/components); see the header for how. */
export const SUITE_FILES = [
  'button/__test__/demo.test.js',
  'button/__test__/index.test.js',
  'cell/__test__/index.test.js',
  'input/__test__/demo.test.js',
  'dialog/__test__/demo.test.js',
  'dialog/__test__/index.test.js',
  'picker/__test__/demo.test.js',
  'calendar/__test__/demo.test.js',
  'tabs/__test__/demo.test.js',
  'tabs/__test__/index.test.js',
  'upload/__test__/index.test.js',
  'checkbox/__test__/index.test.js',
  'message/__test__/index.test.js',
  'config-provider/__test__/index.test.js',
  'paragraph/__test__/text.test.js',
];

interface SideRun {
  ms: number;
  passed: number;
  total: number;
  files: number;
  /** "<file> › <test>" of every case that did not pass (shown in the log). */
  failed: string[];
  /** Per file: jest's own start-to-end time, ms (shown in the log: what dominates each side). */
  perFile: Record<string, number>;
}

interface JestJson {
  numPassedTests: number;
  numTotalTests: number;
  numTotalTestSuites: number;
  testResults: Array<{
    name: string;
    message: string;
    startTime: number;
    endTime: number;
    assertionResults: Array<{ fullName: string; status: string }>;
  }>;
}

/** One jest process over the chosen files with `configFile`; wall time start to exit. */
function jestRun(dir: string, configFile: string, out: string): Promise<SideRun> {
  const jestBin = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  // Exact paths: jest's positional arguments are regexes over the absolute path.
  const files = SUITE_FILES.map((f) => `^${path.join(dir, 'packages', 'components', f).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  fs.rmSync(out, { force: true });
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(
      process.execPath,
      [jestBin, '--config', configFile, '--ci', '--maxWorkers=1', '--json', '--outputFile', out, ...files],
      // TZ as TDesign's globalSetup sets it (it sets it too late for the worker's Date).
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: 'Asia/Shanghai' } },
    );
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    p.on('error', reject);
    p.on('close', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!fs.existsSync(out)) return reject(new Error(`jest wrote no results (${path.basename(configFile)}): ${err}`));
      const r = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
      const rel = (f: string): string => path.relative(path.join(dir, 'packages', 'components'), f);
      const failed = r.testResults.flatMap((f) => [
        ...f.assertionResults.filter((a) => a.status !== 'passed').map((a) => `${rel(f.name)} › ${a.fullName}`),
        ...(f.assertionResults.length === 0 ? [`${rel(f.name)}: ${f.message.slice(0, 300)}`] : []),
      ]);
      const perFile = Object.fromEntries(r.testResults.map((f) => [rel(f.name), f.endTime - f.startTime]));
      resolve({ ms, passed: r.numPassedTests, total: r.numTotalTests, files: r.numTotalTestSuites, failed, perFile });
    });
  });
}

export const simulateSuiteRow: BenchRow = {
  name: NAME,
  async run(ctx: BenchContext): Promise<RowResult> {
    const rounds = ctx.quick ? 2 : 5;
    const suite = SUITES.tdesign;
    ctx.log('unpacking TDesign into .conformance/tdesign-bench');
    const dir = prepare(suite, { folder: 'tdesign-bench' });
    const simulateConfig = path.join(dir, 'jest.simulate.config.json');
    const mpsimConfig = path.join(dir, 'jest.mpsim.config.json');
    fs.writeFileSync(simulateConfig, JSON.stringify(harnessConfig(suite, dir), null, 2));
    fs.writeFileSync(mpsimConfig, JSON.stringify(mappedConfig(suite, dir), null, 2));
    const base = (): Promise<SideRun> => jestRun(dir, simulateConfig, path.join(ctx.tmp, 'simulate-suite-base.json'));
    const ours = (): Promise<SideRun> => jestRun(dir, mpsimConfig, path.join(ctx.tmp, 'simulate-suite-ours.json'));
    const show = (side: string, r: SideRun): void => {
      const top = Object.entries(r.perFile)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([f, ms]) => `${f} ${(ms / 1000).toFixed(2)} s`)
        .join(', ');
      ctx.log(`${side}: ${(r.ms / 1000).toFixed(2)} s, ${r.passed}/${r.total} passed; slowest: ${top}`);
      for (const f of r.failed) ctx.log(`  not passed: ${f}`);
    };
    show('warm-up miniprogram-simulate', await base());
    show('warm-up mpsim/simulate', await ours());
    const b: SideRun[] = [];
    const o: SideRun[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        b.push(await base());
        o.push(await ours());
      } else {
        o.push(await ours());
        b.push(await base());
      }
      show(`round ${i + 1} miniprogram-simulate`, b[i]);
      show(`round ${i + 1} mpsim/simulate`, o[i]);
    }
    const ratios = o.map((r, i) => b[i].ms / r.ms);
    const m = median(ratios);
    const counts = (rs: SideRun[]): string => [...new Set(rs.map((r) => `${r.passed}/${r.total}`))].join(', ');
    const equalWork = b.every((r) => r.passed === r.total) && o.every((r) => r.passed === r.total && r.total === b[0].total);
    return {
      name: NAME,
      ratioLabel: 'miniprogram-simulate (jsdom) wall time ÷ mpsim/simulate wall time, one jest process',
      median: m,
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      target: '≥ 1.0',
      met: equalWork && m >= 1,
      detail:
        `${SUITE_FILES.length} files; passed: miniprogram-simulate ${counts(b)}, mpsim ${counts(o)}; ` +
        `miniprogram-simulate ${(median(b.map((r) => r.ms)) / 1000).toFixed(2)} s, mpsim ${(median(o.map((r) => r.ms)) / 1000).toFixed(2)} s ` +
        `(median wall time; jest 30, 1 worker, --ci, warm transform cache; ${rounds} rounds after a warm-up of each)`,
    };
  },
};
