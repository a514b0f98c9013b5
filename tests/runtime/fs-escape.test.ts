/**
 * Path escapes, table-driven: every hostile path is handed to every
 * FileSystemManager method (async and Sync) and to the legacy wx file APIs. Each
 * call must fail with a permission-denied / no-such-file errMsg (or, for the
 * "literal" cases that are legal file names inside usr, succeed only inside the
 * user area), and the host file system outside the sandbox must be untouched: a
 * canary dir in os.tmpdir() keeps its exact content and no `pwned*` file appears
 * anywhere we look.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call, callSync, makeTemp, makeZip } from './fs-helpers';

declare const wx: any;
declare const mpsim: any;

const fsm = () => wx.getFileSystemManager();
const canary = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-canary-'));
const C = path.basename(canary);
const sandbox = () => mpsim.device.sandboxDir as string;
const usrHost = () => path.join(sandbox(), 'usr');

afterAll(() => fs.rmSync(canary, { recursive: true, force: true }));

beforeAll(() => {
  fs.writeFileSync(path.join(canary, 'canary.txt'), 'canary');
  fs.mkdirSync(path.join(canary, 'dir'));
  fs.writeFileSync(path.join(canary, 'dir', 'canary2.txt'), 'canary2');
  const usr = usrHost();
  fs.symlinkSync(path.join(canary, 'canary.txt'), path.join(usr, 'link-out-file'));
  fs.symlinkSync(path.join(canary, 'dir'), path.join(usr, 'link-out-dir'));
  fs.symlinkSync(path.join(canary, 'nothing-here'), path.join(usr, 'dangling'));
  fs.symlinkSync('/', path.join(usr, 'link-root'));
  fs.mkdirSync(path.join(usr, 'nested', 'deep'), { recursive: true });
  fs.symlinkSync(canary, path.join(usr, 'nested', 'deep', 'link'));
  fs.symlinkSync(path.join(canary, 'canary.txt'), path.join(sandbox(), 'tmp', 'tmp_link.txt'));
  fs.symlinkSync(path.join(canary, 'canary.txt'), path.join(sandbox(), 'store', 'store_link.txt'));
  fs.symlinkSync('../../' + C, path.join(usr, 'relative-out')); // relative link target
});

/** Everything under the canary dir: names, kinds and contents. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(`${p}/`, ...snapshot(p));
    else out.push(`${p}=${fs.readFileSync(p, 'utf8')}`);
  }
  return out;
}

/** Names containing "pwned" in the places an escape could write to (outside usr). */
function pwnedOutside(): string[] {
  const found: string[] = [];
  const look = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (p === usrHost()) continue; // literal names inside usr are allowed
      if (e.name.includes('pwned')) found.push(p);
      if (depth > 0 && e.isDirectory() && !e.isSymbolicLink()) look(p, depth - 1);
    }
  };
  look(sandbox(), 3);
  look(canary, 3);
  look(os.tmpdir(), 0);
  look('/', 0);
  look(path.dirname(sandbox()), 0);
  return found;
}

const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8') : undefined;
const canaryBefore = () => snapshot(canary);

/** Allowed failure texts for a refused path. */
const REFUSED = /:fail (permission denied|no such file or directory|File name too long|tempFilePath file not exist)/;

type Kind = 'refused' | 'literal';
const cases: Array<[string, string, Kind]> = [];
const add = (label: string, p: string, kind: Kind = 'refused') => cases.push([label, p, kind]);

// `..` at every depth, from usr and from nested dirs
for (let k = 1; k <= 8; k++) add(`usr + ../ x${k}`, `wxfile://usr/${'../'.repeat(k)}pwned`);
add('usr/../../etc/passwd', 'wxfile://usr/../../etc/passwd');
add('usr/a/../../pwned', 'wxfile://usr/a/../../pwned');
add('usr/a/b/c/ ../ x4', 'wxfile://usr/a/b/c/../../../../pwned');
add('usr/./../pwned', 'wxfile://usr/./../pwned');
add('usr/..', 'wxfile://usr/..');
add('usr/../usr/../../pwned', 'wxfile://usr/../usr/../../pwned');
add('relative path to the canary', `wxfile://usr/../../${C}/canary.txt`);
add('usr/../tmp/../storage.json', 'wxfile://usr/../tmp/../storage.json');
add('x/ x100 then ../ x101', `wxfile://usr/${'x/'.repeat(100)}${'../'.repeat(101)}pwned`);
// temp / saved names used as a springboard
add('tmp_x/../usr/a', 'wxfile://tmp_x/../usr/a');
add('tmp_x/../../pwned', 'wxfile://tmp_x/../../pwned');
add('store_x/../../pwned', 'wxfile://store_x/../../pwned');
add('tmp_x/../../../canary', `wxfile://tmp_x/../../../${C}/canary.txt`);
add('wxfile://../pwned', 'wxfile://../pwned');
add('wxfile:// root', 'wxfile://');
add('wxfile://usrpwned', 'wxfile://usrpwned');
add('wxfile:///etc/passwd', 'wxfile:///etc/passwd');
// absolute host paths and other schemes
add('/etc/passwd', '/etc/passwd');
add('canary absolute host path', path.join(canary, 'canary.txt'));
add('sandbox own host path (usr)', '@SANDBOX@/usr/pwned');
add('sandbox own host path (storage.json)', '@SANDBOX@/storage.json');
add('file:///etc/passwd', 'file:///etc/passwd');
add('file:// canary', `file://${canary}/canary.txt`);
add('http://usr/.. in device mode', 'http://usr/../pwned');
add('http://usr/ in device mode', 'http://usr/pwned');
add('https URL', 'https://example.com/pwned');
add('data: URI', 'data:text/plain,pwned');
add('windows drive', 'C:\\Windows\\pwned');
add('UNC path', '\\\\server\\share\\pwned');
add('package ../pwned', '../pwned');
add('package ./../pwned', './../pwned');
add('package /../../pwned', '/../../pwned');
// backslashes
add('wxfile://usr\\..\\..', 'wxfile://usr\\..\\..\\pwned');
add('backslash root', '\\etc\\passwd');
add('usr/..\\..\\pwned (one literal name)', 'wxfile://usr/..\\..\\pwned', 'literal');
// NUL bytes
add('NUL then ..', 'wxfile://usr/a\0/../../pwned');
add('NUL in name', 'wxfile://usr/pwned\0.txt');
add('NUL after /etc/passwd', '/etc/passwd\0');
// percent-encoding is never decoded
add('%2e%2e%2f', 'wxfile://usr/%2e%2e%2f%2e%2e%2fpwned', 'literal');
add('%2e%2e/%2e%2e', 'wxfile://usr/%2e%2e/%2e%2e/pwned', 'literal');
add('..%2f', 'wxfile://usr/..%2fpwned', 'literal');
add('double-encoded', 'wxfile://usr/%252e%252e/%252e%252e/pwned', 'literal');
// unicode lookalikes are ordinary names
add('fullwidth dots', 'wxfile://usr/\uff0e\uff0e/\uff0e\uff0e/pwned', 'literal');
add('one dot leader U+2024', 'wxfile://usr/\u2024\u2024/\u2024\u2024/pwned', 'literal');
add('two dot leader U+2025', 'wxfile://usr/\u2025/pwned', 'literal');
add('fullwidth solidus', 'wxfile://usr/..\uff0f..\uff0fpwned', 'literal');
add('division slash', 'wxfile://usr/..\u2215..\u2215pwned', 'literal');
// very long paths
add('name over 255 bytes', `wxfile://usr/${'a'.repeat(300)}pwned`);
add('path over 4096', `wxfile://usr/${'a/'.repeat(2100)}pwned`);
add('../ x2000', `wxfile://usr/${'../'.repeat(2000)}pwned`);
// symlinks placed in the sandbox by the host
add('file symlink out', 'wxfile://usr/link-out-file');
add('dir symlink out', 'wxfile://usr/link-out-dir');
add('file inside a dir symlink out', 'wxfile://usr/link-out-dir/canary2.txt');
add('new file inside a dir symlink out', 'wxfile://usr/link-out-dir/pwned');
add('new dir chain inside a dir symlink out', 'wxfile://usr/link-out-dir/pwned/deeper');
add('dangling symlink', 'wxfile://usr/dangling');
add('link to / then etc/passwd', 'wxfile://usr/link-root/etc/passwd');
add('link to / then new file', 'wxfile://usr/link-root/tmp/pwned');
add('nested link to the canary dir', 'wxfile://usr/nested/deep/link/canary.txt');
add('relative symlink out', 'wxfile://usr/relative-out/canary.txt');
add('temp-area symlink out', 'wxfile://tmp_link.txt');
add('saved-area symlink out', 'wxfile://store_link.txt');

/** Fresh good inputs for one operation (a user file, a temp file, a zip). */
function fixtures() {
  const good = 'wxfile://usr/good.txt';
  fs.writeFileSync(path.join(usrHost(), 'good.txt'), 'good');
  const zip = 'wxfile://usr/good.zip';
  fs.writeFileSync(path.join(usrHost(), 'good.zip'), makeZip([{ name: 'pwned-entry.txt', data: Buffer.from('z') }]));
  return { good, zip, temp: makeTemp(mpsim, 'temp', 'txt') };
}

type Op = [string, (p: string) => Promise<{ ok: boolean; errMsg: string }>];
const viaAsync =
  (target: () => any, name: string, opts: (p: string, f: ReturnType<typeof fixtures>) => Record<string, unknown>) => async (p: string) => {
    const r = await call(target(), name, opts(p, fixtures()));
    return { ok: r.ok, errMsg: String(r.res?.errMsg ?? r.res) };
  };
const viaSync = (name: string, args: (p: string, f: ReturnType<typeof fixtures>) => unknown[]) => async (p: string) => {
  const r = callSync(fsm(), name, ...args(p, fixtures()));
  return { ok: r.ok, errMsg: r.ok ? `${name}:ok` : String(r.error?.message) };
};

const ops: Op[] = [
  ['access', viaAsync(fsm, 'access', (p) => ({ path: p }))],
  ['accessSync', viaSync('accessSync', (p) => [p])],
  ['appendFile', viaAsync(fsm, 'appendFile', (p) => ({ filePath: p, data: 'pwned' }))],
  ['appendFileSync', viaSync('appendFileSync', (p) => [p, 'pwned'])],
  ['writeFile', viaAsync(fsm, 'writeFile', (p) => ({ filePath: p, data: 'pwned' }))],
  ['writeFileSync', viaSync('writeFileSync', (p) => [p, 'pwned'])],
  ['copyFile to', viaAsync(fsm, 'copyFile', (p, f) => ({ srcPath: f.good, destPath: p }))],
  ['copyFile from', viaAsync(fsm, 'copyFile', (p) => ({ srcPath: p, destPath: 'wxfile://usr/copied-out' }))],
  ['copyFileSync to', viaSync('copyFileSync', (p, f) => [f.good, p])],
  ['getFileInfo', viaAsync(fsm, 'getFileInfo', (p) => ({ filePath: p }))],
  ['mkdir recursive', viaAsync(fsm, 'mkdir', (p) => ({ dirPath: p, recursive: true }))],
  ['mkdirSync', viaSync('mkdirSync', (p) => [p])],
  ['readdir', viaAsync(fsm, 'readdir', (p) => ({ dirPath: p }))],
  ['readdirSync', viaSync('readdirSync', (p) => [p])],
  ['readFile', viaAsync(fsm, 'readFile', (p) => ({ filePath: p, encoding: 'utf8' }))],
  ['readFileSync', viaSync('readFileSync', (p) => [p, 'utf8'])],
  ['removeSavedFile', viaAsync(fsm, 'removeSavedFile', (p) => ({ filePath: p }))],
  ['rename to', viaAsync(fsm, 'rename', (p, f) => ({ oldPath: f.good, newPath: p }))],
  ['rename from', viaAsync(fsm, 'rename', (p) => ({ oldPath: p, newPath: 'wxfile://usr/renamed-out' }))],
  ['renameSync to', viaSync('renameSync', (p, f) => [f.good, p])],
  ['rmdir recursive', viaAsync(fsm, 'rmdir', (p) => ({ dirPath: p, recursive: true }))],
  ['rmdirSync', viaSync('rmdirSync', (p) => [p, true])],
  ['saveFile from', viaAsync(fsm, 'saveFile', (p) => ({ tempFilePath: p }))],
  ['saveFile to', viaAsync(fsm, 'saveFile', (p, f) => ({ tempFilePath: f.temp, filePath: p }))],
  ['saveFileSync to', viaSync('saveFileSync', (p, f) => [f.temp, p])],
  ['stat recursive', viaAsync(fsm, 'stat', (p) => ({ path: p, recursive: true }))],
  ['statSync', viaSync('statSync', (p) => [p])],
  ['truncate', viaAsync(fsm, 'truncate', (p) => ({ filePath: p, length: 0 }))],
  ['truncateSync', viaSync('truncateSync', (p) => [{ filePath: p, length: 1 }])],
  ['unlink', viaAsync(fsm, 'unlink', (p) => ({ filePath: p }))],
  ['unlinkSync', viaSync('unlinkSync', (p) => [p])],
  ['open a+', viaAsync(fsm, 'open', (p) => ({ filePath: p, flag: 'a+' }))],
  ['openSync w', viaSync('openSync', (p) => [{ filePath: p, flag: 'w' }])],
  ['openSync r', viaSync('openSync', (p) => [{ filePath: p }])],
  ['readCompressedFile', viaAsync(fsm, 'readCompressedFile', (p) => ({ filePath: p, compressionAlgorithm: 'br' }))],
  ['readCompressedFileSync', viaSync('readCompressedFileSync', (p) => [{ filePath: p, compressionAlgorithm: 'br' }])],
  ['unzip into', viaAsync(fsm, 'unzip', (p, f) => ({ zipFilePath: f.zip, targetPath: p }))],
  ['unzip from', viaAsync(fsm, 'unzip', (p) => ({ zipFilePath: p, targetPath: 'wxfile://usr/unzipped' }))],
  ['readZipEntry', viaAsync(fsm, 'readZipEntry', (p) => ({ filePath: p, entries: 'all' }))],
  [
    'wx.saveFile from',
    viaAsync(
      () => wx,
      'saveFile',
      (p) => ({ tempFilePath: p }),
    ),
  ],
  [
    'wx.saveFile to',
    viaAsync(
      () => wx,
      'saveFile',
      (p, f) => ({ tempFilePath: f.temp, filePath: p }),
    ),
  ],
  [
    'wx.getSavedFileInfo',
    viaAsync(
      () => wx,
      'getSavedFileInfo',
      (p) => ({ filePath: p }),
    ),
  ],
  [
    'wx.removeSavedFile',
    viaAsync(
      () => wx,
      'removeSavedFile',
      (p) => ({ filePath: p }),
    ),
  ],
  [
    'wx.getFileInfo',
    viaAsync(
      () => wx,
      'getFileInfo',
      (p) => ({ filePath: p }),
    ),
  ],
];

test('the table is big enough', () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  expect(ops.length).toBeGreaterThanOrEqual(40);
});

describe.each(cases)('%s', (_label, rawPath, kind) => {
  test(`every fs method and legacy API: ${kind}`, async () => {
    const p = rawPath.replace('@SANDBOX@', sandbox());
    const before = canaryBefore();
    const problems: string[] = [];
    for (const [opName, op] of ops) {
      const r = await op(p);
      if (kind === 'refused') {
        if (r.ok || !REFUSED.test(r.errMsg)) problems.push(`${opName}: ${r.ok ? 'succeeded' : r.errMsg}`);
      } else if (!r.ok && !/:fail /.test(r.errMsg)) {
        problems.push(`${opName}: not a fail errMsg: ${r.errMsg}`);
      }
      const found = pwnedOutside();
      if (found.length) problems.push(`${opName}: wrote outside: ${found.join(', ')}`);
      expect(snapshot(canary)).toEqual(before);
    }
    expect(problems).toEqual([]);
    if (passwd !== undefined) expect(fs.readFileSync('/etc/passwd', 'utf8')).toBe(passwd);
    // symlinks we placed are still there and still point where they pointed
    expect(fs.readlinkSync(path.join(usrHost(), 'link-out-dir'))).toBe(path.join(canary, 'dir'));
    await mpsim.idle();
  });
});

test('an in-sandbox symlink is followed (it stays inside), and writes through it land inside', async () => {
  const usr = usrHost();
  fs.writeFileSync(path.join(usr, 'real.txt'), 'real');
  fs.symlinkSync(path.join(usr, 'real.txt'), path.join(usr, 'inlink.txt'));
  expect(fsm().readFileSync('wxfile://usr/inlink.txt', 'utf8')).toBe('real');
  fsm().appendFileSync('wxfile://usr/inlink.txt', '+');
  expect(fs.readFileSync(path.join(usr, 'real.txt'), 'utf8')).toBe('real+');
});

test('a literal %2e%2e name is created inside usr, not resolved', () => {
  const name = `%2e%2e%2f${crypto.randomBytes(4).toString('hex')}`;
  fsm().writeFileSync(`wxfile://usr/${name}`, 'lit');
  expect(fs.readFileSync(path.join(usrHost(), name), 'utf8')).toBe('lit');
});
