/**
 * Tencent's own test file for cos-wx-sdk-v5 (tests/conformance/cos-wx-sdk-v5/test.js,
 * unchanged) run by scripts/cos-conformance.ts in a child process against the default
 * cloud: the outcome of every group must be the one docs/conformance/cos-wx-sdk-v5.md
 * records (so the table is current), and every group that touches only APIs mpsim
 * implements passes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupResult } from '../../scripts/cos-conformance';
import { splitTestFile } from '../../scripts/cos-conformance';

const ROOT = path.join(__dirname, '..', '..');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

jest.setTimeout(15 * 60 * 1000);

/** Groups that fail for reasons outside mpsim's implemented API (the table says which). */
const NOT_OURS = new Set([
  'sliceUploadFile() 完整上传文件',
  'sliceUploadFile(),pauseTask(),restartTask()',
  'sliceUploadFile(),cancelTask()',
  'Cache-Control',
  'sliceCopyFile()',
  'appendObject',
  'params check Region',
  'BucketPolicy',
  'BucketLocation',
  'BucketLifecycle',
  'BucketWebsite',
  'BucketDomain',
  'BucketLogging',
  'BucketInventory',
  'getBucketAccelerate',
  '数据万象',
]);

test('the vendored file has the 43 groups the issue counts, split without losing a line', () => {
  const source = fs.readFileSync(path.join(ROOT, 'tests/conformance/cos-wx-sdk-v5/test.js'), 'utf8');
  const split = splitTestFile(source);
  expect(split.groups).toHaveLength(43);
  expect(split.prelude).toHaveLength(source.split('\n').length);
  for (const g of split.groups) expect(source.split('\n').slice(g.line).join('\n').startsWith(g.text)).toBe(true);
});

test('every group ends as docs/conformance/cos-wx-sdk-v5.md records; every group on implemented APIs passes', async () => {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['-r', TS_NODE, 'scripts/cos-conformance.ts', '--json'],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  const results = JSON.parse(out.trim().split('\n').at(-1)!) as GroupResult[];
  expect(results).toHaveLength(43);
  const table = fs.readFileSync(path.join(ROOT, 'docs/conformance/cos-wx-sdk-v5.md'), 'utf8');
  const recorded = [...table.matchAll(/^\| (\d+) \| (.+?) \| (pass|fail) \|/gm)].map((m) => [
    Number(m[1]),
    m[2]!.replace(/\\\|/g, '|'),
    m[3],
  ]);
  expect(results.map((r) => [r.index, r.name, r.pass ? 'pass' : 'fail'])).toEqual(recorded);
  const failing = results.filter((r) => !r.pass).map((r) => `${r.name}: ${r.reason}`);
  expect(failing.filter((f) => !NOT_OURS.has(f.slice(0, f.indexOf(': '))))).toEqual([]);
});
