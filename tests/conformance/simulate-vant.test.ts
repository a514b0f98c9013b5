/**
 * Our CI's part of the vant conformance run: vant's own button tests (a demo
 * snapshot written by miniprogram-simulate, two event tests), vendored unchanged in
 * tests/conformance/vant/source.tgz, run by `npm run conformance -- vant --vendored`
 * on mpsim/simulate (the compiled package: `npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');

test('vant button tests pass unchanged on mpsim/simulate', () => {
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'scripts/conformance.ts',
      'vant',
      '--vendored',
      '--no-write',
      '--only',
      'packages/button/test',
    ],
    { cwd: repo, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' } },
  );
  const out = path.join(repo, '.conformance', 'vant-vendored', 'results.json');
  expect(fs.existsSync(out)).toBe(true);
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    numTotalTests: number;
    numPassedTests: number;
    snapshot: { matched: number; unmatched: number; added: number };
  };
  expect({
    total: results.numTotalTests,
    passed: results.numPassedTests,
    output: results.numPassedTests === 3 ? '' : run.stdout + run.stderr,
  }).toEqual({
    total: 3,
    passed: 3,
    output: '',
  });
  // The snapshot was compared with vant's .snap file (never written: --ci).
  expect(results.snapshot).toMatchObject({ matched: 1, unmatched: 0, added: 0 });
}, 240_000);
