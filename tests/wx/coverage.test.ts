/**
 * docs/wx-api-coverage.md and runtime/wx-catalog.ts are what `npm run wx-coverage`
 * generates from the installed typings and the runtime: run it with --check.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

test('the generated catalog and coverage table are up to date (npm run wx-coverage)', () => {
  const root = path.join(__dirname, '..', '..');
  let out: string;
  let code = 0;
  try {
    out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/wx-coverage.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    });
  } catch (err) {
    code = (err as { status?: number }).status ?? 1;
    out = String((err as { stdout?: unknown }).stdout ?? '');
  }
  expect(out).toBe('');
  expect(code).toBe(0);
}, 180_000);
