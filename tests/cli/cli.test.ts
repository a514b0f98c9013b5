/**
 * The mpsim CLI as a user runs it: real child processes of bin/mpsim (built by
 * `npm test`'s build step), real scripts, real exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { runMpsim } from '../helpers/cli';

const root = path.join(__dirname, '..', '..');

const cli = path.join(root, 'bin', 'mpsim');
const mpsim = runMpsim;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-cli-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

test('--version and --help', async () => {
  const v = await mpsim(['--version']);
  expect(v.code).toBe(0);
  expect(v.out.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  const h = await mpsim(['--help']);
  expect(h.code).toBe(0);
  expect(h.out).toMatch(/run \[options\] <file>/);
  expect(h.out).toMatch(/replay/);
});

test('run: prints what the script logs, waits for its callbacks and timers, exits 0', async () => {
  const f = script(
    'ok.js',
    `wx.setStorage({ key: 'k', data: 42, success() {
       setTimeout(() => console.log('stored', wx.getStorageSync('k'), typeof window, typeof globalThis.window), 200);
     } });`,
  );
  const r = await mpsim(['run', f]);
  expect(r.err).toBe('');
  expect(r.out).toBe('stored 42 object undefined\n');
  expect(r.code).toBe(0);
});

test('run: waits for a real upload to finish', async () => {
  const f = script(
    'upload.js',
    `wx.chooseImage({ success(res) {
       wx.uploadFile({ url: 'https://test.url/upload', filePath: res.tempFilePaths[0], name: 'file',
         success(r) { console.log('status', r.statusCode, JSON.parse(r.data).files[0].field); } });
     } });`,
  );
  const r = await mpsim(['run', f]);
  expect(r.out).toBe('status 200 file\n');
  expect(r.code).toBe(0);
});

test('run: an uncaught error exits 1 with a clear message', async () => {
  const f = script('boom.js', `setTimeout(() => { throw new Error('boom in a timer'); }, 10);`);
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  expect(r.err).toContain(`mpsim run: uncaught error in ${f}`);
  expect(r.err).toContain('Error: boom in a timer');
});

test('run: an exception in a timer is reported (wx.onError), the script goes on, and the exit status is 1 (issue 13 item 4)', async () => {
  const f = script(
    'timer-throws.js',
    `wx.onError((text) => console.log('onError got: ' + text.split(';')[0]));
setTimeout(() => { throw new Error('boom in a timer'); }, 10);
setTimeout(() => console.log('still running'), 60);`,
  );
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  expect(r.out).toBe('onError got: boom in a timer\nstill running\n');
  expect(r.err).toContain('thirdScriptError');
  expect(r.err).toContain('mpsim run: 1 uncaught error reported (thirdScriptError); exit status 1');
});

test("run: the runtime's own error reporting never throws on evil values (issue 13 item 3)", async () => {
  const f = script(
    'evil-reporting.js',
    `const evil = new Proxy({}, { get() { throw new Error('trap'); }, has() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
wx.onUnhandledRejection((res) => console.log('listener sees ' + res.reason.message));
Promise.reject(undefined);
Promise.reject(evil);
wx.getSystemInfo({ success() { throw Object.create(null); } });
wx.getSystemInfo({ success() { throw evil; } });
setTimeout(() => console.log('still running'), 100);`,
  );
  const r = await mpsim(['run', f]);
  expect(r.out).toContain('still running');
  expect(r.err).not.toContain('mpsim run: uncaught error in');
  expect(r.err).toContain('thirdScriptError');
  // the two throwing callbacks plus the buggy listener (reported, not fatal), once per rejection
  expect(r.code).toBe(1);
});

test('run: a syntax error exits 1', async () => {
  const f = script('syntax.js', `this is not javascript`);
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  expect(r.err).toContain('SyntaxError');
});

test('run: an unhandled rejection in mini-program code is logged, not fatal (as on the phone)', async () => {
  const f = script('reject.js', `Promise.reject(new Error('nobody catches me')); setTimeout(() => console.log('still running'), 50);`);
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(0);
  expect(r.err).toContain('Uncaught (in promise) Error: nobody catches me');
  expect(r.out).toBe('still running\n');
});

test('run: a missing file exits non-zero', async () => {
  const r = await mpsim(['run', path.join(dir, 'nope.js')]);
  expect(r.code).not.toBe(0);
  expect(r.err).toBe(`mpsim run: no such file: ${path.join(dir, 'nope.js')}\n`);
});

test('replay: every sample passes and the table says so', async () => {
  const r = await mpsim(['replay']);
  expect(r.out).toMatch(/seed-000\/choose-and-upload\s+pass/);
  // the framework samples run here (their runtimes are devDependencies), never skipped
  expect(r.out).toMatch(/seed-001\/taro-aliases\s+pass/);
  expect(r.out).toMatch(/frameworks\/taro\s+pass/);
  expect(r.out).toMatch(/frameworks\/uni-app\s+pass/);
  expect(r.out).not.toMatch(/FAIL|skip/);
  expect(r.code).toBe(0);
}, 300000); // 35 samples, one process each: about 4 minutes on a loaded 2-core machine

test('replay: a broken expectation shows FAIL and exits 1', async () => {
  const s = path.join(dir, 'samples', 'broken');
  fs.mkdirSync(s, { recursive: true });
  fs.writeFileSync(path.join(s, 'sample.json'), JSON.stringify({ title: 'broken', entry: 'run.js' }));
  fs.writeFileSync(path.join(s, 'run.js'), `setImmediate(() => { throw new Error('expectation failed: on purpose'); });`);
  const r = await mpsim(['replay', path.join(dir, 'samples')]);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/broken\s+FAIL.*expectation failed: on purpose/);
  expect(r.out).toMatch(/0 passed, 1 failed/);
});

test('replay: a sample whose required package is not installed is skipped with the reason, not failed', async () => {
  const s = path.join(dir, 'samples-requires', 'needs-pkg');
  fs.mkdirSync(s, { recursive: true });
  const manifest = { title: 'needs a package', entry: 'run.js', requires: ['mpsim-no-such-package-for-test'] };
  fs.writeFileSync(path.join(s, 'sample.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(s, 'run.js'), `require('mpsim-no-such-package-for-test');`);
  const r = await mpsim(['replay', path.join(dir, 'samples-requires')]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(
    /needs-pkg\s+skip .*needs mpsim-no-such-package-for-test \(not installed; npm install --save-dev mpsim-no-such-package-for-test\)/,
  );
  expect(r.out).toMatch(/0 passed, 0 failed, 1 skipped/);
});

test('serve: a real client that trusts the printed CA reaches a routed host; unrouted hosts are refused', async () => {
  const https = await import('node:https');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--http-port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        if (out.includes('Ctrl-C stops it.')) resolve();
      });
      child.on('close', () => reject(new Error(`serve exited early: ${out}`)));
    });
    const port = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    const caPath = /CA certificate \(trust it in your client\): (\S+)/.exec(out)![1];
    const ca = fs.readFileSync(caPath);
    const get = (servername: string) =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port, path: '/anything?x=1', servername, headers: { host: `${servername}:${port}` }, ca },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const ok = await get('test.url');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ method: 'GET', path: '/anything', query: { x: '1' } });
    await expect(get('example.com')).rejects.toThrow();
  } finally {
    child.kill('SIGTERM');
  }
});

test('serve: bad port options are refused', async () => {
  const r = await mpsim(['serve', '--port', 'abc']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('--port and --http-port must be integers');
});
