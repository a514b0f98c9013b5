/**
 * @jest-environment-options {"mpsim":{"packageDir":"tests/runtime/fixtures/fs-package"}}
 *
 * Code-package files (`/a/b` and `a/b` from the project root): readable, never
 * writable (`permission denied`, errno 1300013), and the fixture stays as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { call, callSync } from './fs-helpers';

declare const wx: any;

const fsm = () => wx.getFileSystemManager();
const fixture = path.join(__dirname, 'fixtures', 'fs-package');
const snapshot = () => JSON.stringify(fs.readdirSync(fixture, { recursive: true }).sort());
const before = snapshot();

afterAll(() => {
  expect(snapshot()).toBe(before);
  expect(fs.readFileSync(path.join(fixture, 'data', 'hello.txt'), 'utf8')).toBe('from the package');
});

test('package files are readable by /a/b and a/b', async () => {
  expect(fsm().readFileSync('/data/hello.txt', 'utf8')).toBe('from the package');
  expect((await call(fsm(), 'readFile', { filePath: 'data/hello.txt', encoding: 'utf8' })).res.data).toBe('from the package');
  expect(fsm().readdirSync('/data')).toEqual(['hello.txt']);
  expect(fsm().statSync('/data/hello.txt').size).toBe(16);
  fsm().copyFileSync('/data/hello.txt', `${wx.env.USER_DATA_PATH}/copy.txt`);
  expect(fsm().readFileSync(`${wx.env.USER_DATA_PATH}/copy.txt`, 'utf8')).toBe('from the package');
});

test.each([
  ['writeFile', { filePath: '/data/hello.txt', data: 'x' }],
  ['writeFile', { filePath: '/data/new.txt', data: 'x' }],
  ['appendFile', { filePath: 'data/hello.txt', data: 'x' }],
  ['unlink', { filePath: '/data/hello.txt' }],
  ['mkdir', { dirPath: '/data/sub' }],
  ['rmdir', { dirPath: '/data', recursive: true }],
  ['rename', { oldPath: '/data/hello.txt', newPath: `wxfile://usr/moved.txt` }],
  ['truncate', { filePath: '/data/hello.txt' }],
  ['copyFile', { srcPath: 'wxfile://usr/copy.txt', destPath: '/data/hello.txt' }],
])('%s on the package is refused with permission denied', async (api, opts) => {
  const r = await call(fsm(), api, opts);
  expect(r.ok).toBe(false);
  expect(r.res.errno).toBe(1300013);
  expect(r.res.errMsg).toMatch(new RegExp(`^${api}:fail permission denied, open `));
});

test('open with a write flag on the package is refused; ../ out of the package too', async () => {
  expect(callSync(fsm(), 'openSync', { filePath: '/data/hello.txt', flag: 'a' }).error.errno).toBe(1302004);
  expect(callSync(fsm(), 'readFileSync', '../fs.test.ts').error.errno).toBe(1301000);
  expect(callSync(fsm(), 'readFileSync', '/data/../../fs.test.ts').error.errno).toBe(1301000);
});
