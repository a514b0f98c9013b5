/**
 * PathScheme, the sandbox boundary, on its own: which wx paths map to which
 * area and host path, and which are refused (with which FsError).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FsError } from '../../simulator/fs-error';
import { PathScheme } from '../../simulator/paths';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-paths-'));
const layout = {
  root,
  user: path.join(root, 'usr'),
  temp: path.join(root, 'tmp'),
  saved: path.join(root, 'store'),
  package: path.join(root, 'pkg'),
};
for (const d of [layout.user, layout.temp, layout.saved, layout.package]) fs.mkdirSync(d);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const device = new PathScheme('device', layout);
const devtools = new PathScheme('devtools', layout);

function errnoOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(FsError);
    return (err as FsError).errno;
  }
}

test.each([
  [device, 'wxfile://usr', 'user', layout.user, true],
  [device, 'wxfile://usr/', 'user', layout.user, true],
  [device, 'wxfile://usr/a/b.txt', 'user', path.join(layout.user, 'a', 'b.txt'), true],
  [device, 'wxfile://usr/a/../b', 'user', path.join(layout.user, 'b'), true],
  [device, 'wxfile://usr//a/./b', 'user', path.join(layout.user, 'a', 'b'), true],
  [device, 'wxfile://tmp_abc.jpg', 'temp', path.join(layout.temp, 'tmp_abc.jpg'), false],
  [device, 'wxfile://store_abc.jpg', 'saved', path.join(layout.saved, 'store_abc.jpg'), false],
  [device, '/images/a.png', 'package', path.join(layout.package, 'images', 'a.png'), false],
  [device, 'images/a.png', 'package', path.join(layout.package, 'images', 'a.png'), false],
  [device, 'wxfile://usr/%2e%2e', 'user', path.join(layout.user, '%2e%2e'), true],
  [devtools, 'http://usr/a', 'user', path.join(layout.user, 'a'), true],
  [devtools, 'http://tmp/x.png', 'temp', path.join(layout.temp, 'x.png'), false],
  [devtools, 'http://store/store_x.png', 'saved', path.join(layout.saved, 'store_x.png'), false],
])('%#: %s resolves', (scheme, wxPath, area, hostPath, writable) => {
  const r = scheme.resolve(wxPath);
  expect(r).toMatchObject({ area, hostPath, writable, wxPath });
});

test.each([
  [device, 'wxfile://usr/..', 1301000],
  [device, 'wxfile://usr/../../x', 1301000],
  [device, 'wxfile://', 1301000],
  [device, 'wxfile://other/x', 1301000],
  [device, 'http://usr/a', 1301000], // a URL in device mode, not a local file
  [devtools, 'wxfile://usr/a', 1301000],
  [device, 'file:///etc/passwd', 1301000],
  [device, 'C:\\x', 1301000],
  [device, '\\x', 1301000],
  [device, 'wxfile://usr/a\0b', 1301000],
  [device, '../x', 1301000],
  [device, 'wxfile://tmp_a/b', 1300002], // temp files are flat
  [device, 'wxfile://tmp_a/../usr/x', 1300002],
  [device, `wxfile://usr/${'a'.repeat(256)}`, 1300036],
  [device, `wxfile://usr/${'a/'.repeat(2100)}`, 1300036],
  [device, '', 1300002],
  [device, 42, 1300002],
  [device, null, 1300002],
])('%#: %s is refused with %i', (scheme, wxPath, errno) => {
  expect(errnoOf(() => scheme.resolve(wxPath))).toBe(errno);
});

test('a code-package path without a package dir is no such file', () => {
  const noPkg = new PathScheme('device', { ...layout, package: undefined });
  expect(errnoOf(() => noPkg.resolve('/etc/passwd'))).toBe(1300002);
});

test('resolveWritable refuses every area but user', () => {
  expect(errnoOf(() => device.resolveWritable('wxfile://tmp_a.jpg'))).toBe(1300013);
  expect(errnoOf(() => device.resolveWritable('wxfile://store_a.jpg'))).toBe(1300013);
  expect(errnoOf(() => device.resolveWritable('/a.txt'))).toBe(1300013);
  expect(device.resolveWritable('wxfile://usr/a').writable).toBe(true);
});

test('symlinks: out of the area refused (also dangling and via a linked dir), inside allowed', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-paths-out-'));
  try {
    fs.symlinkSync(outside, path.join(layout.user, 'out'));
    fs.symlinkSync(path.join(outside, 'missing'), path.join(layout.user, 'dangling'));
    fs.mkdirSync(path.join(layout.user, 'in'));
    fs.symlinkSync(path.join(layout.user, 'in'), path.join(layout.user, 'in-link'));
    expect(errnoOf(() => device.resolve('wxfile://usr/out'))).toBe(1301000);
    expect(errnoOf(() => device.resolve('wxfile://usr/out/new/deeper'))).toBe(1301000);
    expect(errnoOf(() => device.resolve('wxfile://usr/dangling'))).toBe(1301000);
    expect(device.resolve('wxfile://usr/in-link/x').area).toBe('user');
    // user-area paths may not reach the temp area through a link either
    fs.symlinkSync(layout.temp, path.join(layout.user, 'to-temp'));
    expect(errnoOf(() => device.resolve('wxfile://usr/to-temp/x'))).toBe(1301000);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('path helpers', () => {
  expect(device.userDataPath).toBe('wxfile://usr');
  expect(devtools.userDataPath).toBe('http://usr');
  expect(device.tempPath('tmp_a.jpg')).toBe('wxfile://tmp_a.jpg');
  expect(devtools.tempPath('tmp_a.jpg')).toBe('http://tmp/tmp_a.jpg');
  expect(device.savedPath('store_a.jpg')).toBe('wxfile://store_a.jpg');
  expect(devtools.savedPath('store_a.jpg')).toBe('http://store/store_a.jpg');
  expect(device.userPath('a/b')).toBe('wxfile://usr/a/b');
});
