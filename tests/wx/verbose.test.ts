/**
 * --verbose: one line per finished wx call and per network request. Through
 * the CLI (`mpsim run --verbose`, a real child process) and through
 * attachVerbose (what the jest environment's `verbose` option uses).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSimulator } from '../../index';
import { attachVerbose } from '../../verbose';

const root = path.join(__dirname, '..', '..');

test('mpsim run --verbose prints every wx call and request on stderr; without it, nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-verbose-'));
  try {
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(
      file,
      `wx.setClipboardData({ data: 'hi', success() {
         wx.request({ url: 'https://echo.mpsim.test/bytes/10', success(r) { console.log('status', r.statusCode) } })
       } })`,
    );
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(root, 'bin', 'mpsim'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const v = await run(['run', '--verbose', file]);
    expect(v.code).toBe(0);
    expect(v.out).toContain('status 200');
    const lines = v.err.trim().split('\n');
    expect(lines.find((l) => l.startsWith('[wx] setClipboardData('))).toMatch(
      /\{ data: 'hi'.*\) → ok \{ errMsg: 'setClipboardData:ok' \} \d+ ms$/,
    );
    expect(lines.find((l) => l.startsWith('[wx] request('))).toMatch(/→ ok .*statusCode: 200/);
    expect(lines.find((l) => l.startsWith('[net] '))).toMatch(
      /^\[net\] GET https:\/\/echo\.mpsim\.test\/bytes\/10 200 10 B down 0 B up \d+ ms$/,
    );
    const quiet = await run(['run', file]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).not.toContain('[wx]');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('attachVerbose: failed calls and failed requests get their reasons; detach stops it', async () => {
  const sim = await createSimulator();
  const lines: string[] = [];
  const detach = attachVerbose(sim, (l) => lines.push(l));
  try {
    const wx = sim.wx as any;
    await wx.getLocation({ type: 'x' }).catch(() => undefined);
    await new Promise((resolve) => wx.request({ url: 'https://echo.mpsim.test/status/503', complete: resolve }));
    sim.mpsim.network.offline();
    await new Promise((resolve) => wx.request({ url: 'https://echo.mpsim.test/anything', complete: resolve }));
    sim.mpsim.network.online();
    await sim.mpsim.idle();
    expect(lines.some((l) => /^\[wx\] getLocation\(\{ type: 'x' \}\) → fail .*parameter error/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[net\] GET https:\/\/echo\.mpsim\.test\/status\/503 503 /.test(l))).toBe(true);
    expect(lines.some((l) => /^\[wx\] request\(.*\/anything.*\) → fail /.test(l))).toBe(true);
    detach();
    const n = lines.length;
    wx.getSystemInfoSync();
    expect(lines.length).toBe(n);
  } finally {
    await sim.dispose();
  }
});
