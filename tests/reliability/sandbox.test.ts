/**
 * Sandbox escapes through the APIs that take a path and that the fs suite
 * (tests/runtime/fs-escape.test.ts, every FileSystemManager method + the legacy
 * saveFile/getFileInfo/getSavedFileInfo/removeSavedFile) does not cover:
 * wx.uploadFile filePath (read + sent), wx.downloadFile filePath (written),
 * wx.getImageInfo / wx.compressImage src (read), and chooser-returned temp paths
 * tampered with before being handed to those APIs and to wx.saveFile.
 *
 * Every attempt must fail. The targets outside the sandbox are real, readable
 * files (a text canary, a real PNG, /etc/passwd), so an escape would show up as
 * a success; a host directory listing (the canary dir's names, kinds and bytes)
 * is compared before/after each row, and no `pwned*` file may appear outside the
 * user area. previewImage only records its urls (it opens no file), so it has
 * no row here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTemp } from '../runtime/fs-helpers';
import { call } from '../network/helpers';

declare const wx: any;
declare const mpsim: any;

const canary = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-rel-canary-'));
const C = path.basename(canary);
const sandbox = () => mpsim.device.sandboxDir as string;
const usrHost = () => path.join(sandbox(), 'usr');

afterAll(() => fs.rmSync(canary, { recursive: true, force: true }));

beforeAll(async () => {
  fs.writeFileSync(path.join(canary, 'canary.txt'), 'canary');
  // a real PNG outside the sandbox: getImageInfo would succeed on it if it escaped
  const png = mpsim.album.list().find((i: any) => i.name.endsWith('.png'));
  fs.copyFileSync(
    path.join(
      sandbox(),
      'album',
      fs.readdirSync(path.join(sandbox(), 'album')).find((n) => n.endsWith('.png'))!,
    ),
    path.join(canary, 'canary.png'),
  );
  expect(png).toBeDefined();
  fs.mkdirSync(path.join(canary, 'dir'));
  fs.writeFileSync(path.join(canary, 'dir', 'inner.txt'), 'inner');
  const usr = usrHost();
  fs.symlinkSync(path.join(canary, 'canary.png'), path.join(usr, 'link-png.png'));
  fs.symlinkSync(path.join(canary, 'canary.txt'), path.join(usr, 'link-txt.txt'));
  fs.symlinkSync(path.join(canary, 'dir'), path.join(usr, 'link-dir'));
  fs.symlinkSync(path.join(canary, 'nothing.bin'), path.join(usr, 'dangling.bin'));
  fs.symlinkSync('/', path.join(usr, 'link-root'));
  fs.symlinkSync(path.join(canary, 'canary.png'), path.join(sandbox(), 'tmp', 'tmp_0123456789abcdef0123456789abcdef.png'));
  fs.symlinkSync('../../' + C, path.join(usr, 'relative-out'));
});

/** Names, kinds and bytes of everything under dir (symlinks by target). */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) out.push(`${p} -> ${fs.readlinkSync(p)}`);
    else if (e.isDirectory()) out.push(`${p}/`, ...snapshot(p));
    else out.push(`${p}=${fs.readFileSync(p).toString('base64')}`);
  }
  return out;
}

/** `pwned*` names outside the user area (where a literal name would be legal). */
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
      if (p === usrHost()) continue;
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

const deep = '../'.repeat(12);
/** Paths that name an existing readable file outside the sandbox (or the album), by every trick. */
function readTargets(file: 'canary.png' | 'canary.txt'): Array<[string, string]> {
  const ext = path.extname(file);
  return [
    ['usr/../../canary', `wxfile://usr/../../${C}/${file}`],
    ['usr + deep ../ + absolute', `wxfile://usr/${deep}${canary.slice(1)}/${file}`],
    ['tmp springboard', `wxfile://tmp_x/../../${C}/${file}`],
    ['store springboard', `wxfile://store_x/../../${C}/${file}`],
    ['absolute host path', path.join(canary, file)],
    ['sandbox-relative host path', path.join(sandbox(), '..', C, file)],
    ['file:// URL', `file://${canary}/${file}`],
    ['wxfile:/// absolute', `wxfile://${canary}/${file}`],
    ['package path ../', `${deep}${canary.slice(1)}/${file}`],
    ['package path /../', `/${deep}${canary.slice(1)}/${file}`],
    ['file symlink out', `wxfile://usr/link-${ext === '.png' ? 'png.png' : 'txt.txt'}`],
    ['dir symlink to / then the canary', `wxfile://usr/link-root${canary}/${file}`],
    ['relative dir symlink out', `wxfile://usr/relative-out/${file}`],
    ['NUL then ..', `wxfile://usr/a\0/../../${C}/${file}`],
    ['NUL-truncated host path', `${path.join(canary, file)}\0.jpg`],
    ['percent-encoded ../', `wxfile://usr/%2e%2e/%2e%2e/${C}/${file}`],
    ['percent-encoded slash', `wxfile://usr/..%2f..%2f${C}%2f${file}`],
    ['fullwidth dots', `wxfile://usr/\uff0e\uff0e/\uff0e\uff0e/${C}/${file}`],
    ['two dot leader U+2025', `wxfile://usr/\u2025/\u2025/${C}/${file}`],
    ['fullwidth solidus', `wxfile://usr/..\uff0f..\uff0f${C}\uff0f${file}`],
    ['combining dot (NFD lookalike)', `wxfile://usr/.\u0307./..\u0307/${C}/${file}`],
    ['backslashes', `wxfile://usr\\..\\..\\${C}\\${file}`],
    ['http://usr/.. in device mode', `http://usr/../../${C}/${file}`],
    ['http://tmp/.. in device mode', `http://tmp/../../${C}/${file}`],
    [
      'album (inside the sandbox, no wx path reaches it)',
      `wxfile://usr/../album/${fs.readdirSync(path.join(sandbox(), 'album')).find((n) => n.endsWith(ext === '.png' ? '.png' : '.jpg')) ?? 'x'}`,
    ],
  ];
}

const ALWAYS_FAIL = /:fail /;

interface Row {
  api: string;
  label: string;
  run: () => Promise<{ ok: boolean; errMsg: string }>;
}
const rows: Row[] = [];

const settle = async <T>(p: Promise<T>) => p;
const imageCall = (api: 'getImageInfo' | 'compressImage', src: string) =>
  settle(
    (wx[api]({ src }) as Promise<any>).then(
      (r) => ({ ok: true, errMsg: String(r.errMsg) }),
      (e) => ({ ok: false, errMsg: String(e?.errMsg ?? e) }),
    ),
  );
const upload = async (filePath: string) => {
  const r = await call('uploadFile', { url: 'https://test.url/upload', filePath, name: 'file', timeout: 15000 });
  return { ok: r.ok, errMsg: String(r.res.errMsg) };
};

for (const [label, p] of readTargets('canary.png')) {
  rows.push({ api: 'getImageInfo', label, run: () => imageCall('getImageInfo', p) });
  rows.push({ api: 'compressImage', label, run: () => imageCall('compressImage', p) });
}
for (const [label, p] of readTargets('canary.txt')) rows.push({ api: 'uploadFile', label, run: () => upload(p) });
// a temp file made as a chooser would (fs-helpers' makeTemp), its name used as a springboard
rows.push({
  api: 'uploadFile',
  label: 'made temp file + /../../canary',
  run: () => upload(`${makeTemp(mpsim, 'x')}/../../../${C}/canary.txt`),
});

/** downloadFile writes: every one must be refused and leave the host untouched. */
const writeTargets: Array<[string, string]> = [
  ['usr/../../canary dir', `wxfile://usr/../../${C}/pwned.bin`],
  ['overwrite the canary by ..', `wxfile://usr/../../${C}/canary.txt`],
  ['absolute host path', path.join(canary, 'pwned.bin')],
  ['file:// URL', `file://${canary}/pwned.bin`],
  ['wxfile:/// absolute', `wxfile://${canary}/pwned.bin`],
  ['file symlink out (overwrite the canary)', 'wxfile://usr/link-txt.txt'],
  ['dir symlink out', 'wxfile://usr/link-dir/pwned.bin'],
  ['dir symlink to /', `wxfile://usr/link-root${canary}/pwned.bin`],
  ['relative dir symlink out', 'wxfile://usr/relative-out/pwned.bin'],
  ['NUL', `wxfile://usr/pwned\0/../../${C}/pwned.bin`],
  ['tmp springboard', `wxfile://tmp_x/../../${C}/pwned.bin`],
  ['temp area (read-only)', 'wxfile://tmp_pwned.bin'],
  ['saved area (read-only)', 'wxfile://store_pwned.bin'],
  ['sandbox root file', 'wxfile://usr/../storage.json'],
  ['http://usr in device mode', 'http://usr/pwned.bin'],
  ['backslashes', `wxfile://usr\\..\\..\\${C}\\pwned.bin`],
];
for (const [label, filePath] of writeTargets) {
  rows.push({
    api: 'downloadFile',
    label,
    run: async () => {
      const r = await call('downloadFile', { url: 'https://test.url/bytes/64', filePath, timeout: 15000 });
      return { ok: r.ok, errMsg: String(r.res.errMsg) };
    },
  });
}

/** Chooser results tampered with: a temp path turned into a path out. */
const tampers: Array<[string, (p: string) => string]> = [
  ['append /../../canary', (p) => `${p}/../../../${C}/canary.png`],
  ['tmp_ name replaced by ../', (p) => p.replace(/tmp_[0-9a-f]+\.\w+$/, `../${C}/canary.png`)],
  ['scheme swapped for file://', (p) => p.replace('wxfile://', `file://${canary}/`)],
  ['scheme dropped (package path)', (p) => p.replace('wxfile://', '../../')],
  ['NUL then ..', (p) => `${p}\0/../../${C}/canary.png`],
  ['percent-encoded ..', (p) => p.replace('wxfile://', `wxfile://%2e%2e/%2e%2e/${C}/`)],
  ['symlinked temp name (placed by the host)', () => 'wxfile://tmp_0123456789abcdef0123456789abcdef.png'],
];
for (const [label, tamper] of tampers) {
  const chosen = async () => {
    mpsim.user.pick([3]); // the PNG
    const r = await wx.chooseImage({ count: 1, sizeType: ['original'] });
    return tamper(r.tempFilePaths[0] as string);
  };
  rows.push({ api: 'chooseImage → getImageInfo', label, run: async () => imageCall('getImageInfo', await chosen()) });
  rows.push({ api: 'chooseImage → uploadFile', label, run: async () => upload(await chosen()) });
  rows.push({
    api: 'chooseImage → saveFile',
    label,
    run: async () =>
      (wx.saveFile({ tempFilePath: await chosen() }) as Promise<any>).then(
        (r) => ({ ok: true, errMsg: String(r.errMsg) }),
        (e) => ({ ok: false, errMsg: String(e?.errMsg ?? e) }),
      ),
  });
}

test(`at least 50 escape attempts across the path-taking APIs (${rows.length})`, () => {
  expect(rows.length).toBeGreaterThanOrEqual(50);
  expect(new Set(rows.map((r) => r.api)).size).toBeGreaterThanOrEqual(7);
});

describe.each(rows.map((r) => [`${r.api}: ${r.label}`, r] as const))('%s', (_name, row) => {
  test('refused; nothing outside the sandbox read or written', async () => {
    const before = snapshot(canary);
    const passwd = fs.readFileSync('/etc/passwd', 'utf8');
    const uploadsBefore = mpsim.network.servers.echo.log.length;
    const r = await row.run();
    expect(r).toEqual({ ok: false, errMsg: expect.stringMatching(ALWAYS_FAIL) });
    await mpsim.idle();
    expect(snapshot(canary)).toEqual(before);
    expect(pwnedOutside()).toEqual([]);
    expect(fs.readFileSync('/etc/passwd', 'utf8')).toBe(passwd);
    // a refused upload never reaches the server with a body
    if (row.api.endsWith('uploadFile')) expect(mpsim.network.servers.echo.log.length).toBe(uploadsBefore);
  });
});

test('the untampered chooser path still works for every API (the rows fail for the path, not the API)', async () => {
  mpsim.user.pick([3]);
  const r = await wx.chooseImage({ count: 1, sizeType: ['original'] });
  const p = r.tempFilePaths[0];
  await expect(wx.getImageInfo({ src: p })).resolves.toMatchObject({ width: 256, height: 256 });
  await expect(wx.compressImage({ src: p })).resolves.toMatchObject({ errMsg: 'compressImage:ok' });
  expect((await upload(p)).ok).toBe(true);
  const dl = await call('downloadFile', { url: 'https://test.url/bytes/64', filePath: 'wxfile://usr/ok.bin' });
  expect(dl.res.errMsg).toBe('downloadFile:ok');
  await expect(wx.saveFile({ tempFilePath: p })).resolves.toMatchObject({ errMsg: 'saveFile:ok' });
});
