/**
 * The jest environment as a user's project meets it: a child jest run (the built
 * dist/jest-environment.js) over small test files in a temp project, asserting on what jest
 * reports. pageErrors: 'fail'; waitFor's own timeout message before jest's; no poll outliving
 * its test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const jestBin = require.resolve('jest/bin/jest');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-env-test-'));
  const w = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  w('app/app.json', JSON.stringify({ pages: ['pages/index/index', 'pages/boom/boom'] }));
  w('app/app.js', 'App({});\n');
  w('app/pages/index/index.js', 'Page({ data: { n: 0 } });\n');
  w('app/pages/index/index.wxml', '<view id="n">{{n}}</view>\n');
  w('app/pages/boom/boom.js', "Page({ onLoad() { throw new Error('boom in onLoad'); } });\n");
  w('app/pages/boom/boom.wxml', '<view>boom</view>\n');
  w(
    'page-errors.test.js',
    `test('a throw in onLoad', async () => {
       const app = await mpsim.launch('app');
       await app.navigateTo('pages/boom/boom');
     }, 60000);
     test('the next test is not blamed', () => expect(1).toBe(1));
    `,
  );
  w(
    'wait-for.test.js',
    `globalThis.calls = 0;
     let app;
     // Launching is not what is timed here (it can take seconds on a loaded machine).
     beforeAll(async () => { app = await mpsim.launch('app'); }, 60000);
     test('waits in vain with the default timeout', async () => {
       await app.currentPage.waitFor('#never');
     });
     test('outlives jest timeout', async () => {
       await app.currentPage.waitFor(() => { globalThis.calls++; return false; }, { timeout: 60000 });
     }, 700);
     test('the abandoned poll has stopped', async () => {
       const before = globalThis.calls;
       await new Promise((r) => setTimeout(r, 300));
       expect(before).toBeGreaterThan(0);
       expect(globalThis.calls).toBe(before);
     });
    `,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function jest(file: string, options: Record<string, unknown>): { code: number | null; out: string } {
  const config = {
    rootDir: dir,
    testEnvironment: path.join(root, 'dist', 'jest-environment.js'),
    testEnvironmentOptions: { mpsim: options },
    testMatch: [`<rootDir>/${file}`],
  };
  const r = spawnSync(process.execPath, [jestBin, '--config', JSON.stringify(config), '--runInBand', '--ci'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test("pageErrors: 'fail' fails the test in which onLoad threw; the default only logs", () => {
  const failing = jest('page-errors.test.js', { pageErrors: 'fail' });
  expect(failing.code).toBe(1);
  expect(failing.out).toMatch(/✕ a throw in onLoad/);
  expect(failing.out).toMatch(/thirdScriptError in .*boom in onLoad \(testEnvironmentOptions\.mpsim\.pageErrors is 'fail'\)/);
  expect(failing.out).toMatch(/✓ the next test is not blamed/);
  const logging = jest('page-errors.test.js', {});
  expect(logging.code).toBe(0);
  expect(logging.out).toMatch(/thirdScriptError/);
  expect(logging.out).toMatch(/✓ a throw in onLoad/);
});

test("waitFor's default timeout is ours (below jest's 5 s), and an abandoned waitFor stops polling when its test ends", () => {
  const r = jest('wait-for.test.js', {});
  expect(r.out).toMatch(/waitFor "#never" timed out after 4000ms in pages\/index\/index/);
  expect(r.out).not.toMatch(/Exceeded timeout of 5000 ms/);
  expect(r.out).toMatch(/✕ outlives jest timeout/);
  expect(r.out).toMatch(/✓ the abandoned poll has stopped/);
  expect(r.out).not.toMatch(/did not exit one second after/);
});
