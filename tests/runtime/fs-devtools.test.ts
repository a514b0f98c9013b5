/**
 * @jest-environment-options {"mpsim":{"pathMode":"devtools"}}
 *
 * The file system in devtools path mode: `http://usr`, `http://tmp/...`,
 * `http://store/...`; `wxfile://` paths are not local files there.
 */
import * as fs from 'node:fs';
import { call, callSync, makeTemp } from './fs-helpers';

declare const wx: any;
declare const mpsim: any;

const fsm = () => wx.getFileSystemManager();

test('USER_DATA_PATH is http://usr and files round-trip there', async () => {
  expect(wx.env.USER_DATA_PATH).toBe('http://usr');
  fsm().writeFileSync('http://usr/a.txt', 'devtools');
  expect(fs.readFileSync(mpsim.device.toHostPath('http://usr/a.txt'), 'utf8')).toBe('devtools');
  expect((await call(fsm(), 'readFile', { filePath: 'http://usr/a.txt', encoding: 'utf8' })).res.data).toBe('devtools');
  expect(fsm().readdirSync('http://usr')).toContain('a.txt');
});

test('saveFile moves http://tmp/... to http://store/store_<32hex>.<ext>', async () => {
  const t = makeTemp(mpsim, 'img', 'png');
  expect(t).toMatch(/^http:\/\/tmp\//);
  const r = await wx.saveFile({ tempFilePath: t });
  expect(r.savedFilePath).toMatch(/^http:\/\/store\/store_[0-9a-f]{32}\.png$/);
  expect(fs.existsSync(mpsim.device.toHostPath(t))).toBe(false);
  const list = (await call(fsm(), 'getSavedFileList')).res.fileList;
  expect(list.map((f: any) => f.filePath)).toEqual([r.savedFilePath]);
  expect((await call(fsm(), 'writeFile', { filePath: r.savedFilePath, data: 'x' })).res.errno).toBe(1300013);
});

test('wxfile:// paths and climbing out are refused in devtools mode', async () => {
  expect((await call(fsm(), 'writeFile', { filePath: 'wxfile://usr/x', data: 'x' })).res).toEqual({
    errMsg: 'writeFile:fail permission denied, cannot access file path wxfile://usr/x',
    errno: 1301000,
  });
  expect(callSync(fsm(), 'readFileSync', 'http://usr/../../etc/passwd').error.errno).toBe(1301000);
  expect(callSync(fsm(), 'readFileSync', 'http://tmp/../usr/a.txt').error.errno).toBe(1301000);
});
