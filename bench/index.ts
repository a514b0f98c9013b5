/**
 * `npm run bench` — every row of the benchmark table, side by side in one run.
 * `npm run bench -- --quick` runs a ~1-minute version (smaller sizes, fewer runs).
 * `npm run bench -- --only <substring>` runs matching rows.
 * The table is printed and written to bench/RESULTS.md (unless --no-write; with --only
 * only when --write is given too, so a partial run never replaces the full table).
 * `npm run bench -- --soak [soak options]` runs the soak instead (bench/soak.ts, the same
 * as `npm run soak`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTmp, renderTable, type BenchRow, type RowResult } from './harness';
import { cosFloorRow, cosSliceRow, cosVsS3rverRow, sdkMemoryRow, vodFloorRow, vodUploadRow } from './rows/cos';
import { requestRateRow, uploadMemoryRow, uploadThroughputRow } from './rows/network';
import { compileRow } from './rows/compile';
import { jestColdRow } from './rows/jest-cold';
import { pagesRow, vantPageRow } from './rows/pages';
import { simulateSuiteRow } from './rows/simulate-suite';
import { startupRow } from './rows/startup';

const rows: BenchRow[] = [
  uploadThroughputRow,
  uploadMemoryRow,
  requestRateRow,
  cosVsS3rverRow,
  cosSliceRow,
  cosFloorRow,
  vodUploadRow,
  vodFloorRow,
  sdkMemoryRow,
  pagesRow,
  vantPageRow,
  simulateSuiteRow,
  compileRow,
  startupRow,
  jestColdRow,
];

/** The soak is `npm run soak` (its own process: it needs --expose-gc, and nothing else of the bench in its heap). */
function soak(args: string[]): never {
  const r = spawnSync('npm', ['run', '--silent', 'soak', '--', ...args.filter((a) => a !== '--soak')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--soak')) soak(args);
  const quick = args.includes('--quick');
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
  const tmp = makeTmp();
  const results: RowResult[] = [];
  try {
    for (const row of rows) {
      if (only && !row.name.toLowerCase().includes(only.toLowerCase())) continue;
      process.stderr.write(`bench: ${row.name} ...\n`);
      try {
        const r = await row.run({ quick, tmp, log: (m) => process.stderr.write(`  ${m}\n`) });
        results.push(...(Array.isArray(r) ? r : [r]));
      } catch (err) {
        process.stderr.write(`  failed: ${(err as Error).stack}\n`);
        results.push({
          name: row.name,
          ratioLabel: 'failed',
          median: NaN,
          min: NaN,
          max: NaN,
          target: '',
          met: false,
          detail: String((err as Error).message),
        });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const table = renderTable(results, quick);
  process.stdout.write(table);
  const write = only ? args.includes('--write') : !args.includes('--no-write');
  if (write) fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), table);
  else process.stderr.write('bench: bench/RESULTS.md left as it was (--only without --write, or --no-write)\n');
}

void main();
