/**
 * What a user sees from the CLI when something is wrong, and the files it writes: real
 * child processes of bin/mpsim (built by `npm test`'s build step).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMpsim, type CliResult } from '../helpers/cli';
import { harErrors } from '../helpers/har';

// Child processes doing real HTTPS: generous on a loaded machine.
jest.setTimeout(120_000);

const root = path.join(__dirname, '..', '..');

const cli = path.join(root, 'bin', 'mpsim');

function mpsim(args: string[]): Promise<CliResult> {
  return runMpsim(args, dir);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-cli-errors-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

test('run of a missing file: one line naming it, exit 1', async () => {
  const r = await mpsim(['run', 'nope.js']);
  expect(r.code).toBe(1);
  expect(r.err).toBe(`mpsim run: no such file: ${path.join(dir, 'nope.js')}\n`);
  expect(r.out).toBe('');
});

test('a syntax error: file:line:col of the user file, a code frame, no blank lines, no stack', async () => {
  const f = script('syntax.js', 'const a = 1;\nfunction f() {\n  foo(;\n}\n');
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  expect(r.err).toBe(
    [
      `mpsim run: syntax error in ${f}:3:7`,
      "SyntaxError: Unexpected token ';'",
      '  1 | const a = 1;',
      '  2 | function f() {',
      '> 3 |   foo(;',
      '    |       ^',
      '  4 | }',
      '',
    ].join('\n'),
  );
  // Line 1: the column is the user's, not shifted by what the loader puts in front of it.
  const g = script('syntax1.js', 'let x = 1; foo(;\n');
  const r1 = await mpsim(['run', g]);
  expect(r1.err.split('\n').slice(0, 4)).toEqual([
    `mpsim run: syntax error in ${g}:1:16`,
    "SyntaxError: Unexpected token ';'",
    '> 1 | let x = 1; foo(;',
    '    |                ^',
  ]);
});

// An error while the script loads ends the run; one thrown later (a timer, a callback) is reported
// as the phone does and the run goes on (cli.test.ts), with exit status 1 at the end.
test('an uncaught error while the script loads: the message and the user frames only (no mpsim or node: frames)', async () => {
  const f = script('throws.js', 'function f() {\n  null.x;\n}\nf();\n');
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  const lines = r.err.trimEnd().split('\n');
  expect(lines[0]).toBe(`mpsim run: uncaught error in ${f}`);
  expect(lines[1]).toBe("TypeError: Cannot read properties of null (reading 'x')");
  expect(lines.slice(2).length).toBeGreaterThan(0);
  for (const frame of lines.slice(2)) {
    expect(frame).toMatch(/^\s+at /);
    expect(frame).not.toMatch(/node:|[/\\]dist[/\\]|\.ts:/);
  }
  expect(lines[2]).toContain(`${f}:2:`);
  expect(r.err).not.toMatch(/\n\s*\n/);
});

test('--page-errors fail: a throw in a wx callback ends the run with exit 1; the default logs it, goes on and exits 1', async () => {
  const f = script(
    'cb-throws.js',
    "wx.getSystemInfo({ success() { throw new Error('boom in callback'); } });\nsetTimeout(() => console.log('still running'), 200);\n",
  );
  const logged = await mpsim(['run', f]);
  expect(logged.code).toBe(1);
  expect(logged.err).toMatch(/thirdScriptError\nboom in callback/);
  expect(logged.out).toBe('still running\n');
  const failed = await mpsim(['run', '--page-errors', 'fail', f]);
  expect(failed.code).toBe(1);
  expect(failed.err).toMatch(/mpsim run: uncaught error in .*cb-throws\.js\nError: boom in callback/);
  expect(failed.out).toBe('');
  const bad = await mpsim(['run', '--page-errors', 'sometimes', f]);
  expect(bad.code).not.toBe(0);
  expect(bad.err).toMatch(/Allowed choices are log, fail/);
});

test('run --har writes the request log as valid HAR 1.2, the upload with its parts', async () => {
  const f = script(
    'upload.js',
    `wx.chooseImage({ count: 1, success(res) {
       wx.uploadFile({ url: 'https://test.url/upload', filePath: res.tempFilePaths[0], name: 'photo', formData: { user: 'u1' },
         success(r) { console.log('uploaded', r.statusCode); } });
     } });`,
  );
  const har = path.join(dir, 'out.har');
  const r = await mpsim(['run', f, '--har', har]);
  expect(r.err).toBe('');
  expect(r.out).toBe('uploaded 200\n');
  expect(r.code).toBe(0);
  const doc = JSON.parse(fs.readFileSync(har, 'utf8'));
  expect(harErrors(doc)).toEqual([]);
  expect(doc.log.entries).toHaveLength(1);
  const [e] = doc.log.entries;
  expect(e._api).toBe('uploadFile');
  expect(e.request.postData.params[0]).toEqual({ name: 'user', value: 'u1' });
  expect(e.request.postData.params[1]).toMatchObject({
    name: 'photo',
    contentType: 'image/jpeg',
    comment: expect.stringMatching(/^\d+ bytes/),
  });
  // Also written when the script fails.
  const g = script(
    'fails-after-request.js',
    "wx.request({ url: 'https://test.url/anything', success() { setTimeout(() => { throw new Error('late'); }); } });\n",
  );
  const har2 = path.join(dir, 'fail.har');
  const r2 = await mpsim(['run', g, '--har', har2]);
  expect(r2.code).toBe(1);
  expect(JSON.parse(fs.readFileSync(har2, 'utf8')).log.entries).toHaveLength(1);
});

/** Starts `mpsim serve` and resolves once it printed its banner. */
function startServe(args: string[]): Promise<{ child: ChildProcess; out: () => string; err: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Ctrl-C stops it.')) resolve({ child, out: () => out, err: () => err });
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('close');
    child.on('close', () => resolve());
    child.kill('SIGTERM');
  });
}

test('serve: a taken port names the flag to use; refused hosts are logged; the printed curl -F line uploads', async () => {
  const first = await startServe(['--port', '0', '--http-port', '0']);
  try {
    const port = Number(/listening on https:\/\/127\.0\.0\.1:(\d+) and http:\/\/127\.0\.0\.1:(\d+)/.exec(first.out())![1]);
    const httpPort = Number(/and http:\/\/127\.0\.0\.1:(\d+)/.exec(first.out())![1]);
    const taken = await mpsim(['serve', '--port', String(port), '--http-port', '0']);
    expect(taken.code).toBe(1);
    expect(taken.err).toBe(`mpsim serve: port ${port} is in use; use --port N (0 = any)\n`);
    const takenHttp = await mpsim(['serve', '--port', '0', '--http-port', String(httpPort)]);
    expect(takenHttp.code).toBe(1);
    expect(takenHttp.err).toBe(`mpsim serve: port ${httpPort} is in use; use --http-port N (0 = any)\n`);

    const ca = /CA certificate \(trust it in your client\): (.+)/.exec(first.out())![1];
    const refused = await new Promise<string>((resolve) => {
      const req = https.request({ host: '127.0.0.1', port, servername: 'not-routed.example', path: '/', ca: fs.readFileSync(ca) }, () =>
        resolve('answered'),
      );
      req.on('error', (e) => resolve(e.message));
      req.end();
    });
    expect(refused).not.toBe('answered');
    for (let i = 0; i < 100 && !first.err().includes('not-routed.example'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(first.err()).toContain('mpsim serve: refused https request for not-routed.example: no server is routed for it');

    const curlLine = /^ {2}(curl -F file=@.+)$/m.exec(first.out())![1];
    const file = /-F file=@(\S+)/.exec(curlLine)![1];
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const hasCurl = spawnSync('curl', ['--version']).status === 0;
    if (hasCurl) {
      const res = spawnSync('sh', ['-c', `${curlLine} -s`], { encoding: 'utf8' });
      expect(res.status).toBe(0);
      const echo = JSON.parse(res.stdout);
      expect(echo.files).toEqual([expect.objectContaining({ field: 'file', filename: path.basename(file), size: fs.statSync(file).size })]);
    }
  } finally {
    await stop(first.child);
  }
});
