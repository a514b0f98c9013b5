/**
 * Bad input, table-driven: a corpus of invalid calls across every public `wx`
 * API (storage, system, fs manager + legacy file APIs, choosers/images,
 * interaction, navigation/page chrome, network). Each one must end in
 * `<api>:fail ...`: through fail + complete (callback style) and a rejected
 * promise (promise style), a thrown Error (Sync APIs) or a returned task whose
 * fail fires (request/uploadFile/downloadFile; wx.cloud's give a task with callbacks and a
 * promise without). No exception may escape the
 * runtime (process 'uncaughtException' / 'unhandledRejection' are watched for
 * the whole file), and a real upload still succeeds at the end.
 */
import { createHash } from 'node:crypto';
import { surfaceNames } from '../helpers/surface-names';

declare const wx: any;
declare const mpsim: any;

/** `cloudTask`: wx.cloud.uploadFile/downloadFile — a task with callbacks, a promise without. */
type Style = 'async' | 'callbackOnly' | 'task' | 'sync' | 'cloudTask';
interface Case {
  label: string;
  /** `wx.<name>` or `fs.<name>` (the FileSystemManager). */
  api: string;
  style: Style;
  /** Fresh arguments per call (getters and proxies must not be shared or pre-read). */
  args: () => unknown[];
  /** Extra pattern the reason must match (after `<api>:fail `). */
  reason?: RegExp;
}

const cases: Case[] = [];
const add = (style: Style, api: string, label: string, args: () => unknown[], reason?: RegExp) =>
  cases.push({ label: `${api} ${label}`, api, style, args, reason });

const MB = 'x'.repeat(1024 * 1024 + 7);
const PARAM = /^parameter error: /;
const NOT_OBJECT = /^parameter error: parameter should be Object instead of /;

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
function throwingProxy(): object {
  const boom = () => {
    throw new Error('proxy trap');
  };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
}
/** An options object one of whose fields throws when read. */
function throwingGetter(base: Record<string, unknown>, field: string): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base };
  Object.defineProperty(o, field, {
    enumerable: true,
    configurable: true,
    get() {
      throw new Error(`getter ${field}`);
    },
  });
  return o;
}

/** Options that are not a plain object: each fails with the Object parameter error. */
const nonObjects: Array<[string, () => unknown, RegExp?]> = [
  ['null', () => null],
  ['string', () => 'options'],
  ['number', () => 42],
  ['boolean', () => true],
  ['array', () => [{ key: 'k' }]],
  ['Map', () => new Map([['key', 'k']])],
  ['Date', () => new Date()],
  ['Uint8Array', () => new Uint8Array(4)],
  ['function', () => () => undefined],
  // A class instance is an options object as on the client (issue 13 item 17: hardening.test.ts);
  // an unreadable one is a parameter error that does not contradict itself.
  ['revoked Proxy', revokedProxy, /^parameter error: parameter cannot be read;$/],
  ['throwing Proxy', throwingProxy, /^proxy trap$/],
];

// ---- promisifiable wx APIs: every one gets every non-object options value ----
const promisifiable = [
  'setStorage',
  'getStorage',
  'removeStorage',
  'clearStorage',
  'getStorageInfo',
  'batchSetStorage',
  'batchGetStorage',
  'getSystemInfo',
  'getNetworkType',
  'chooseImage',
  'chooseMedia',
  'chooseVideo',
  'chooseMessageFile',
  'getImageInfo',
  'compressImage',
  'previewImage',
  'saveFile',
  'getFileInfo',
  'getSavedFileList',
  'getSavedFileInfo',
  'removeSavedFile',
  'showToast',
  'hideToast',
  'showLoading',
  'hideLoading',
  'showModal',
  'showActionSheet',
  'navigateTo',
  'redirectTo',
  'switchTab',
  'reLaunch',
  'navigateBack',
  'setNavigationBarTitle',
  'setNavigationBarColor',
  'showNavigationBarLoading',
  'hideNavigationBarLoading',
  'startPullDownRefresh',
  'stopPullDownRefresh',
  'pageScrollTo',
];
for (const api of promisifiable) {
  for (const [label, make, reason] of nonObjects) add('async', api, `options = ${label}`, () => [make()], reason ?? NOT_OBJECT);
}
for (const api of ['request', 'uploadFile', 'downloadFile']) {
  for (const [label, make, reason] of nonObjects) add('task', api, `options = ${label}`, () => [make()], reason ?? NOT_OBJECT);
}
add('callbackOnly', 'getSystemInfoAsync', 'options = string', () => ['x'], NOT_OBJECT);

// ---- per-API parameter errors (callback + promise style) ----
const a = (api: string, label: string, opts: () => Record<string, unknown>, reason: RegExp = PARAM) =>
  add('async', api, label, () => [opts()], reason);
// storage
a('setStorage', 'missing key', () => ({ data: 1 }));
a('setStorage', 'key number', () => ({ key: 1, data: 1 }));
a('setStorage', 'key null', () => ({ key: null, data: 1 }));
a('setStorage', 'key object', () => ({ key: {}, data: 1 }));
a('setStorage', 'key 1 MB', () => ({ key: MB, data: 1 }), /exceed/);
a('setStorage', 'data 1 MB', () => ({ key: 'big', data: MB }), /exceed/);
a('setStorage', 'data with a throwing getter', () => ({ key: 'g', data: throwingGetter({}, 'x') }), /getter x/);
a(
  'setStorage',
  'cyclic data',
  () => {
    const d: Record<string, unknown> = {};
    d.self = d;
    return { key: 'c', data: d };
  },
  /circular/i,
);
a('setStorage', 'BigInt data', () => ({ key: 'b', data: 10n }), /bigint/i);
a('setStorage', 'throwing key getter', () => throwingGetter({ data: 1 }, 'key'), /getter key/);
a('getStorage', 'missing key', () => ({}));
a('getStorage', 'key array', () => ({ key: ['k'] }));
a('getStorage', 'key Symbol', () => ({ key: Symbol('k') }));
a('getStorage', 'absent key', () => ({ key: 'never-set' }), /data not found/);
a('getStorage', 'key 1 MB absent', () => ({ key: MB }), /data not found/);
a('removeStorage', 'missing key', () => ({}));
a('removeStorage', 'key undefined', () => ({ key: undefined }));
a('removeStorage', 'key Date', () => ({ key: new Date() }));
a('batchSetStorage', 'missing kvList', () => ({}));
a('batchSetStorage', 'kvList string', () => ({ kvList: 'k' }));
a('batchSetStorage', 'kvList of nulls', () => ({ kvList: [null] }));
a('batchSetStorage', 'kvList entry without key', () => ({ kvList: [{ value: 1 }] }));
a('batchSetStorage', 'kvList entry Map', () => ({ kvList: [new Map([['key', 'k']])] }));
a('batchGetStorage', 'missing keyList', () => ({}));
a('batchGetStorage', 'keyList number', () => ({ keyList: 3 }));
a('batchGetStorage', 'keyList of numbers', () => ({ keyList: [1, 2] }));
// choosers and images
a('chooseImage', 'count 0', () => ({ count: 0 }));
a('chooseImage', 'count -1', () => ({ count: -1 }));
a('chooseImage', 'count 1.5', () => ({ count: 1.5 }));
a('chooseImage', 'count NaN', () => ({ count: NaN }));
a('chooseImage', 'count string', () => ({ count: '3' }));
a('chooseImage', 'sizeType string', () => ({ sizeType: 'original' }));
a('chooseImage', 'sourceType unknown entry', () => ({ sourceType: ['scanner'] }));
a('chooseImage', 'sourceType [null]', () => ({ sourceType: [null] }));
a('chooseMedia', 'mediaType unknown', () => ({ mediaType: ['hologram'] }));
a('chooseMedia', 'count Infinity', () => ({ count: -Infinity }));
a('chooseMedia', 'maxDuration -5', () => ({ maxDuration: -5 }));
a('chooseMedia', 'camera object', () => ({ camera: {} }));
a('chooseVideo', 'maxDuration 0', () => ({ maxDuration: 0 }));
a('chooseVideo', 'sourceType Map', () => ({ sourceType: new Map() }));
a('chooseMessageFile', 'missing count', () => ({}));
a('chooseMessageFile', 'count 101', () => ({ count: 101 }));
a('chooseMessageFile', 'type unknown', () => ({ count: 1, type: 'everything' }));
a('chooseMessageFile', 'extension number', () => ({ count: 1, type: 'file', extension: 5 }));
a('getImageInfo', 'missing src', () => ({}));
a('getImageInfo', 'src number', () => ({ src: 1 }));
a('getImageInfo', 'src 1 MB', () => ({ src: MB }), /File name too long|no such file|doesn't exist/);
a('getImageInfo', 'src missing file', () => ({ src: 'wxfile://usr/none.png' }), /file doesn't exist|no such file/);
a('getImageInfo', 'src not an image', () => ({ src: 'wxfile://usr/text.txt' }), /unsupported image format/);
a('getImageInfo', 'src throwing getter', () => throwingGetter({}, 'src'), /getter src/);
a('compressImage', 'missing src', () => ({}));
a('compressImage', 'src ArrayBuffer', () => ({ src: new ArrayBuffer(8) }));
a('compressImage', 'src missing file', () => ({ src: 'wxfile://usr/none.jpg' }), /file doesn't exist|no such file/);
a('compressImage', 'quality string', () => ({ src: 'wxfile://usr/none.jpg', quality: 'high' }));
a('previewImage', 'missing urls', () => ({}));
a('previewImage', 'urls empty', () => ({ urls: [] }));
a('previewImage', 'urls string', () => ({ urls: 'https://a/b.png' }));
a('previewImage', 'urls [null]', () => ({ urls: [null] }));
a('previewImage', 'urls [Uint8Array]', () => ({ urls: [new Uint8Array(1)] }));
// legacy file APIs
a('saveFile', 'missing tempFilePath', () => ({}));
a('saveFile', 'tempFilePath number', () => ({ tempFilePath: 7 }));
a('saveFile', 'tempFilePath absent', () => ({ tempFilePath: 'wxfile://tmp_nothere.txt' }), /not exist|no such file/);
a('saveFile', 'tempFilePath 1 MB', () => ({ tempFilePath: MB }), /./);
a('getFileInfo', 'missing filePath', () => ({}));
a('getFileInfo', 'filePath Date', () => ({ filePath: new Date() }));
a('getFileInfo', 'digestAlgorithm unknown', () => ({ filePath: 'wxfile://usr/text.txt', digestAlgorithm: 'crc' }));
a('getFileInfo', 'absent file', () => ({ filePath: 'wxfile://usr/none' }), /no such file|not exist/);
a('getSavedFileInfo', 'missing filePath', () => ({}));
a('getSavedFileInfo', 'absent file', () => ({ filePath: 'wxfile://store_none.txt' }), /./);
a('removeSavedFile', 'missing filePath', () => ({}));
a('removeSavedFile', 'filePath null', () => ({ filePath: null }));
a('removeSavedFile', 'absent file', () => ({ filePath: 'wxfile://store_none.txt' }), /./);
// interaction and page chrome (no app launched: those fail too)
a('showToast', 'missing title', () => ({}));
a('showToast', 'title number', () => ({ title: 5 }));
a('showToast', 'image number', () => ({ title: 't', image: 5 }));
a('showToast', 'duration string', () => ({ title: 't', duration: '1500' }));
a('showLoading', 'missing title', () => ({}));
a('showLoading', 'title array', () => ({ title: ['t'] }));
a('showModal', 'title number', () => ({ title: 1 }));
a('showModal', 'cancelText 5 chars', () => ({ cancelText: '12345' }), /cancelText length/);
a('showModal', 'confirmText object', () => ({ confirmText: {} }));
a('showActionSheet', 'missing itemList', () => ({}));
a('showActionSheet', 'itemList 7 items', () => ({ itemList: ['1', '2', '3', '4', '5', '6', '7'] }));
// an action sheet nobody scripted is cancelled: fail is what we can assert here
a('showActionSheet', 'itemList empty', () => ({ itemList: [] }), /./);
a('showActionSheet', 'itemList [1]', () => ({ itemList: [1] }), /./);
a('navigateTo', 'missing url', () => ({}));
a('navigateTo', 'url number', () => ({ url: 1 }));
a('navigateTo', 'url 1 MB', () => ({ url: '/' + MB }), /./);
a('redirectTo', 'missing url', () => ({}));
a('redirectTo', 'url null', () => ({ url: null }));
a('switchTab', 'missing url', () => ({}));
a('reLaunch', 'url object', () => ({ url: { path: '/a' } }));
a('navigateBack', 'delta string', () => ({ delta: 'one' }));
a('setNavigationBarTitle', 'missing title', () => ({}));
a('setNavigationBarTitle', 'title number', () => ({ title: 3 }));
a('setNavigationBarColor', 'missing colours', () => ({}));
a('setNavigationBarColor', 'frontColor red', () => ({ frontColor: '#ff0000', backgroundColor: '#000000' }), /invalid frontColor/);
a('pageScrollTo', 'scrollTop string', () => ({ scrollTop: 'top' }));

// ---- task APIs: the task is returned at once and its fail fires ----
const t = (api: string, label: string, opts: () => Record<string, unknown>, reason: RegExp = PARAM) =>
  add('task', api, label, () => [opts()], reason);
t('request', 'missing url', () => ({}));
t('request', 'url number', () => ({ url: 1 }));
t('request', 'url relative', () => ({ url: '/anything' }), /invalid url|url scheme is invalid/);
t('request', 'url ftp', () => ({ url: 'ftp://test.url/a' }), /url scheme is invalid/);
t('request', 'url javascript:', () => ({ url: 'javascript:alert(1)' }), /invalid url|url scheme is invalid/);
t('request', 'url http (httpsOnly)', () => ({ url: 'http://test.url/anything' }), /url scheme is invalid/);
t('request', 'url unrouted host', () => ({ url: 'https://nowhere.invalid/' }), /ERR_NAME_NOT_RESOLVED/);
t('request', 'url 2 MB', () => ({ url: 'https://test.url/' + MB + MB }), /./);
t('request', 'method lowercase junk', () => ({ url: 'https://test.url/anything', method: 'GE T' }));
t('request', 'method number', () => ({ url: 'https://test.url/anything', method: 1 }));
t('request', 'data BigInt', () => ({ url: 'https://test.url/anything', data: 1n }));
t('request', 'data Symbol', () => ({ url: 'https://test.url/anything', data: Symbol('d') }));
t(
  'request',
  'data object with BigInt',
  () => ({ url: 'https://test.url/anything', method: 'POST', data: { a: 1n } }),
  /^parameter error: parameter\.data cannot be serialized to JSON;$/,
);
t('request', 'header string', () => ({ url: 'https://test.url/anything', header: 'a: b' }));
t('request', 'header with a throwing getter', () => ({ url: 'https://test.url/anything', header: throwingGetter({}, 'a') }), /getter a/);
t('request', 'url throwing getter', () => throwingGetter({}, 'url'), /getter url/);
t('request', 'timeout string', () => ({ url: 'https://test.url/anything', timeout: '10' }));
t('request', 'dataType number', () => ({ url: 'https://test.url/anything', dataType: 1 }));
t('request', 'header array', () => ({ url: 'https://test.url/anything', header: [['a', 'b']] }));
t('uploadFile', 'missing everything', () => ({}));
t('uploadFile', 'missing filePath', () => ({ url: 'https://test.url/upload', name: 'f' }));
t('uploadFile', 'missing name', () => ({ url: 'https://test.url/upload', filePath: 'wxfile://usr/text.txt' }));
t('uploadFile', 'filePath number', () => ({ url: 'https://test.url/upload', name: 'f', filePath: 1 }));
t('uploadFile', 'filePath absent', () => ({ url: 'https://test.url/upload', name: 'f', filePath: 'wxfile://usr/none' }), /file/);
t('uploadFile', 'filePath 1 MB', () => ({ url: 'https://test.url/upload', name: 'f', filePath: MB }), /./);
t('uploadFile', 'filePath a directory', () => ({ url: 'https://test.url/upload', name: 'f', filePath: 'wxfile://usr' }), /./);
t('uploadFile', 'name object', () => ({ url: 'https://test.url/upload', name: {}, filePath: 'wxfile://usr/text.txt' }));
t('uploadFile', 'formData string', () => ({
  url: 'https://test.url/upload',
  name: 'f',
  filePath: 'wxfile://usr/text.txt',
  formData: 'a=b',
}));
t(
  'uploadFile',
  'formData throwing getter',
  () => ({ url: 'https://test.url/upload', name: 'f', filePath: 'wxfile://usr/text.txt', formData: throwingGetter({}, 'a') }),
  /getter a/,
);
t('uploadFile', 'header Map', () => ({ url: 'https://test.url/upload', name: 'f', filePath: 'wxfile://usr/text.txt', header: new Map() }));
t(
  'uploadFile',
  'url data:',
  () => ({ url: 'data:text/plain,x', name: 'f', filePath: 'wxfile://usr/text.txt' }),
  /invalid url|url scheme is invalid/,
);
t(
  'uploadFile',
  'filePath throwing getter',
  () => throwingGetter({ url: 'https://test.url/upload', name: 'f' }, 'filePath'),
  /getter filePath/,
);
t('downloadFile', 'missing url', () => ({}));
t('downloadFile', 'url array', () => ({ url: ['https://test.url/bytes/1'] }));
t('downloadFile', 'filePath number', () => ({ url: 'https://test.url/bytes/1', filePath: 2 }));
t(
  'downloadFile',
  'filePath in temp area',
  () => ({ url: 'https://test.url/bytes/1', filePath: 'wxfile://tmp_x.bin' }),
  /permission denied/,
);
t('downloadFile', 'filePath escaping', () => ({ url: 'https://test.url/bytes/1', filePath: 'wxfile://usr/../../x' }), /permission denied/);
t('downloadFile', 'url unrouted', () => ({ url: 'https://unrouted.example/x' }), /ERR_NAME_NOT_RESOLVED/);
t('downloadFile', 'timeout object', () => ({ url: 'https://test.url/bytes/1', timeout: {} }));

// ---- FileSystemManager: async (callback only) ----
const f = (api: string, label: string, opts: () => Record<string, unknown>, reason: RegExp = PARAM) =>
  add('callbackOnly', `fs.${api}`, label, () => [opts()], reason);
f('readFile', 'missing filePath', () => ({}));
f('readFile', 'filePath number', () => ({ filePath: 1 }));
f('readFile', 'filePath 1 MB', () => ({ filePath: 'wxfile://usr/' + MB }), /./);
f('readFile', 'encoding unknown', () => ({ filePath: 'wxfile://usr/text.txt', encoding: 'klingon' }), /unknown encoding/);
f('readFile', 'position -1', () => ({ filePath: 'wxfile://usr/text.txt', position: -1 }), /out of range/);
f('readFile', 'length 0', () => ({ filePath: 'wxfile://usr/text.txt', length: 0 }), /out of range/);
f('readFile', 'length beyond size', () => ({ filePath: 'wxfile://usr/text.txt', length: 1e9 }), /out of range/);
f('readFile', 'filePath throwing getter', () => throwingGetter({}, 'filePath'), /getter filePath/);
f('writeFile', 'missing data', () => ({ filePath: 'wxfile://usr/w.txt' }));
f('writeFile', 'data number', () => ({ filePath: 'wxfile://usr/w.txt', data: 5 }));
f('writeFile', 'data Map', () => ({ filePath: 'wxfile://usr/w.txt', data: new Map() }));
f('writeFile', 'filePath null', () => ({ filePath: null, data: 'x' }));
f('writeFile', 'into temp area', () => ({ filePath: 'wxfile://tmp_abc.txt', data: 'x' }), /permission denied/);
f('writeFile', 'encoding Date', () => ({ filePath: 'wxfile://usr/w.txt', data: 'x', encoding: new Date() }));
f('appendFile', 'missing filePath', () => ({ data: 'x' }));
f('appendFile', 'data boolean', () => ({ filePath: 'wxfile://usr/text.txt', data: true }));
f('copyFile', 'missing destPath', () => ({ srcPath: 'wxfile://usr/text.txt' }));
f('copyFile', 'srcPath object', () => ({ srcPath: {}, destPath: 'wxfile://usr/c.txt' }));
f('copyFile', 'absent src', () => ({ srcPath: 'wxfile://usr/none', destPath: 'wxfile://usr/c.txt' }), /no such file/);
f('rename', 'missing newPath', () => ({ oldPath: 'wxfile://usr/text.txt' }));
f('rename', 'oldPath Uint8Array', () => ({ oldPath: new Uint8Array(1), newPath: 'wxfile://usr/r.txt' }));
f('mkdir', 'dirPath number', () => ({ dirPath: 1 }));
f('mkdir', 'recursive string', () => ({ dirPath: 'wxfile://usr/d', recursive: 'yes' }));
f('mkdir', 'existing', () => ({ dirPath: 'wxfile://usr/text.txt' }), /already exists/);
f('rmdir', 'missing dirPath', () => ({}));
f('rmdir', 'not a dir', () => ({ dirPath: 'wxfile://usr/none-dir' }), /no such file/);
f('readdir', 'dirPath array', () => ({ dirPath: [] }));
f('readdir', 'absent', () => ({ dirPath: 'wxfile://usr/nodir' }), /no such file/);
f('stat', 'path null', () => ({ path: null }));
f('stat', 'recursive number', () => ({ path: 'wxfile://usr', recursive: 1 }));
f('access', 'missing path', () => ({}));
f('access', 'absent', () => ({ path: 'wxfile://usr/none' }), /no such file/);
f('unlink', 'filePath number', () => ({ filePath: 9 }));
f('unlink', 'absent', () => ({ filePath: 'wxfile://usr/none' }), /no such file/);
f('truncate', 'length -1', () => ({ filePath: 'wxfile://usr/text.txt', length: -1 }), /./);
f('truncate', 'length string', () => ({ filePath: 'wxfile://usr/text.txt', length: '1' }));
f('getFileInfo', 'missing filePath', () => ({}));
f('saveFile', 'tempFilePath number', () => ({ tempFilePath: 1 }));
f('removeSavedFile', 'missing filePath', () => ({}));
f('open', 'flag unknown', () => ({ filePath: 'wxfile://usr/text.txt', flag: 'rw+' }), /./);
f('open', 'filePath undefined', () => ({ filePath: undefined }));
f('close', 'fd number', () => ({ fd: 3 }));
f('close', 'unknown fd', () => ({ fd: '99999' }), /./);
f('fstat', 'missing fd', () => ({}));
f('read', 'arrayBuffer missing', () => ({ fd: '1' }));
f('read', 'arrayBuffer string', () => ({ fd: '1', arrayBuffer: 'buf' }));
f('write', 'data number', () => ({ fd: '1', data: 1 }));
f('ftruncate', 'length NaN', () => ({ fd: '1', length: NaN }), /./);
f('readCompressedFile', 'compressionAlgorithm unknown', () => ({ filePath: 'wxfile://usr/text.txt', compressionAlgorithm: 'zip' }), /./);
f('unzip', 'missing targetPath', () => ({ zipFilePath: 'wxfile://usr/text.txt' }));
f('unzip', 'not a zip', () => ({ zipFilePath: 'wxfile://usr/text.txt', targetPath: 'wxfile://usr/z' }), /unzip fail/);
f('readZipEntry', 'entries string', () => ({ filePath: 'wxfile://usr/text.txt', entries: 'all!' }), /./);
for (const [label, make] of nonObjects) {
  f('readFile', `options = ${label}`, () => make() as never, NOT_OBJECT);
  f('writeFile', `options = ${label}`, () => make() as never, NOT_OBJECT);
}

// ---- Sync APIs: throw an Error whose message is the errMsg ----
const s = (api: string, label: string, args: () => unknown[], reason: RegExp = PARAM) => add('sync', api, label, args, reason);
s('setStorageSync', 'no args', () => []);
s('setStorageSync', 'key number', () => [1, 'v']);
s('setStorageSync', 'data BigInt', () => ['k', 1n], /bigint/i);
s('setStorageSync', 'data 1 MB', () => ['k', MB], /exceed/);
s('setStorageSync', 'key 1 MB', () => [MB, 1], /exceed/);
s('setStorageSync', 'data throwing getter', () => ['k', throwingGetter({}, 'x')], /getter x/);
s('getStorageSync', 'key null', () => [null]);
s('getStorageSync', 'key Map', () => [new Map()]);
s('removeStorageSync', 'no args', () => []);
s('removeStorageSync', 'key Proxy', () => [throwingProxy()]);
s('batchSetStorageSync', 'kvList string', () => ['k']);
s('batchSetStorageSync', 'kvList [null]', () => [[null]]);
s('batchGetStorageSync', 'keyList number', () => [7]);
s('batchGetStorageSync', 'keyList [{}]', () => [[{}]]);
s('canIUse', 'null', () => [null]);
s('canIUse', 'object', () => [{}]);
s('canIUse', 'Symbol', () => [Symbol('x')]);
const fsS = (api: string, label: string, args: () => unknown[], reason: RegExp = PARAM) => add('sync', `fs.${api}`, label, args, reason);
fsS('readFileSync', 'no args', () => []);
fsS('readFileSync', 'path object', () => [{ toString: () => 'wxfile://usr/text.txt' }]);
fsS('readFileSync', 'encoding unknown', () => ['wxfile://usr/text.txt', 'klingon'], /unknown encoding/);
fsS('readFileSync', 'position out of range', () => ['wxfile://usr/text.txt', 'utf8', 999], /out of range/);
fsS('readFileSync', 'absent', () => ['wxfile://usr/none'], /no such file/);
fsS('readFileSync', 'path 1 MB', () => ['wxfile://usr/' + MB], /./);
fsS('writeFileSync', 'no data', () => ['wxfile://usr/w.txt']);
fsS('writeFileSync', 'data null', () => ['wxfile://usr/w.txt', null]);
fsS('writeFileSync', 'path number', () => [1, 'x']);
fsS('writeFileSync', 'data Date', () => ['wxfile://usr/w.txt', new Date()]);
fsS('writeFileSync', 'data base64 with data: prefix', () => ['wxfile://usr/w.txt', 'data:;base64,AAAA', 'base64'], /base64/);
fsS('appendFileSync', 'absent file', () => ['wxfile://usr/none', 'x'], /no such file/);
fsS('copyFileSync', 'dest missing', () => ['wxfile://usr/text.txt']);
fsS('renameSync', 'both numbers', () => [1, 2]);
fsS('mkdirSync', 'dirPath undefined', () => [undefined]);
fsS('rmdirSync', 'not empty', () => ['wxfile://usr'], /./);
fsS('readdirSync', 'a file', () => ['wxfile://usr/text.txt'], /./);
fsS('statSync', 'absent', () => ['wxfile://usr/none'], /no such file/);
fsS('accessSync', 'Symbol', () => [Symbol('p')]);
fsS('unlinkSync', 'a directory', () => ['wxfile://usr/adir'], /./);
fsS('truncateSync', 'length object', () => ['wxfile://usr/text.txt', {}]);
fsS('openSync', 'option string', () => ['wxfile://usr/text.txt']);
fsS('openSync', 'flag unknown', () => [{ filePath: 'wxfile://usr/text.txt', flag: 'zz' }], /./);
fsS('closeSync', 'unknown fd', () => [{ fd: 'nope' }], /./);
fsS('fstatSync', 'fd number', () => [{ fd: 1 }]);
fsS('readSync', 'no options', () => []);
fsS('writeSync', 'fd unknown', () => [{ fd: '12345', data: 'x' }], /./);
fsS('ftruncateSync', 'options null', () => [null]);
fsS('saveFileSync', 'tempFilePath absent', () => ['wxfile://tmp_none.txt'], /./);
fsS('readCompressedFileSync', 'no options', () => []);

// ---- wx.cloud (docs/wx-cloud.md): parameter errors come before the init check ----
for (const api of ['callFunction', 'getTempFileURL', 'deleteFile']) {
  for (const [label, make, reason] of nonObjects) add('async', `cloud.${api}`, `options = ${label}`, () => [make()], reason ?? NOT_OBJECT);
}
for (const api of ['uploadFile', 'downloadFile']) {
  for (const [label, make] of nonObjects) add('cloudTask', `cloud.${api}`, `options = ${label}`, () => [make()], NOT_OBJECT);
}
add('async', 'cloud.callFunction', 'name absent', () => [{}], PARAM);
add('async', 'cloud.callFunction', 'name number', () => [{ name: 3 }], PARAM);
add('async', 'cloud.callFunction', 'data string', () => [{ name: 'f', data: 'x' }], PARAM);
add('async', 'cloud.callFunction', 'name empty', () => [{ name: '' }], PARAM);
add('async', 'cloud.callFunction', 'valid, before init', () => [{ name: 'f' }], /Cloud API isn't enabled/);
add('async', 'cloud.getTempFileURL', 'fileList absent', () => [{}], PARAM);
add('async', 'cloud.getTempFileURL', 'fileList empty', () => [{ fileList: [] }], /fileList should not be empty/);
add('async', 'cloud.getTempFileURL', 'fileList item number', () => [{ fileList: [1] }], /fileList item/);
add('async', 'cloud.deleteFile', 'fileList string', () => [{ fileList: 'cloud://a.b/c' }], PARAM);
add('async', 'cloud.deleteFile', 'fileList of 51', () => [{ fileList: new Array(51).fill('cloud://a.b/c') }], /exceed 50/);
add('cloudTask', 'cloud.uploadFile', 'cloudPath absent', () => [{ filePath: 'wxfile://usr/text.txt' }], PARAM);
add('cloudTask', 'cloud.uploadFile', 'filePath number', () => [{ cloudPath: 'a.txt', filePath: 1 }], PARAM);
add(
  'cloudTask',
  'cloud.uploadFile',
  'config string',
  () => [{ cloudPath: 'a.txt', filePath: 'wxfile://usr/text.txt', config: 'x' }],
  PARAM,
);
add('cloudTask', 'cloud.downloadFile', 'fileID absent', () => [{}], PARAM);
add('cloudTask', 'cloud.downloadFile', 'fileID not cloud://', () => [{ fileID: 'https://test.url/a' }], PARAM);

// ---- harness ----
const escaped: unknown[] = [];
const onUncaught = (err: unknown) => escaped.push(err);
const onUnhandled = (reason: unknown) => escaped.push(reason);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);
  const fsm = wx.getFileSystemManager();
  fsm.writeFileSync('wxfile://usr/text.txt', 'hello, not an image');
  fsm.mkdirSync('wxfile://usr/adir');
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUnhandled);
});

function target(api: string): [any, string] {
  if (api.startsWith('cloud.')) return [wx.cloud, api.slice(6)];
  return api.startsWith('fs.') ? [wx.getFileSystemManager(), api.slice(3)] : [wx, api];
}
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no outcome in ${ms} ms`)), ms).unref())]);

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  try {
    return !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
  } catch {
    return false;
  }
}

/** Callback style: exactly one fail (errMsg `<name>:fail ...`), then complete with the same object. */
async function viaCallbacks(c: Case, name: string): Promise<any> {
  const [obj, method] = target(c.api);
  const opts = c.args()[0] as Record<string, unknown>;
  const seen: string[] = [];
  let failRes: any;
  const done = new Promise<any>((resolve) => {
    opts.success = (r: any) => seen.push(`success ${r?.errMsg}`);
    opts.fail = (r: any) => {
      seen.push('fail');
      failRes = r;
    };
    opts.complete = (r: any) => {
      seen.push('complete');
      resolve(r);
    };
  });
  const ret = obj[method](opts);
  if (c.style === 'task' || c.style === 'cloudTask') expect(typeof ret?.abort).toBe('function');
  else expect(ret).toBeUndefined();
  const completeRes = await within(done, 15000, c.label);
  expect(seen).toEqual(['fail', 'complete']);
  expect(completeRes).toBe(failRes);
  expect(failRes.errMsg.startsWith(`${name}:fail `)).toBe(true);
  return failRes;
}

function checkReason(c: Case, name: string, errMsg: string): void {
  const reason = errMsg.slice(`${name}:fail `.length);
  if (c.reason) expect(reason).toMatch(c.reason);
}

test(`the corpus has at least 200 invalid calls (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(200);
  const apis = new Set(cases.map((c) => c.api.replace(/^fs\./, '').replace(/^cloud\..*/, 'cloud')));
  // every public wx API with parameters or options appears (listeners and getters without input excepted)
  // (createSelectorQuery / createIntersectionObserver take no validated input: their bad-input
  // cases — junk selectors, callbacks, margins, options — are in tests/pages/selector-query.test.ts)
  const skip =
    /^(on|off)|^(createSelectorQuery|createIntersectionObserver|env|getFileSystemManager|getSystemInfoSync|getStorageInfoSync|clearStorageSync|getAccountInfoSync|getAppAuthorizeSetting|getAppBaseInfo|getDeviceInfo|getWindowInfo|getSystemSetting)$/;
  // the whole-surface families' APIs have their own corpus (bad-input-surface.test.ts)
  const surface = surfaceNames(wx);
  const missing = Object.keys(wx).filter((k) => !skip.test(k) && !apis.has(k) && !surface.has(k) && k !== 'router' && k !== 'worklet');
  expect(missing).toEqual([]);
});

describe.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
  test('ends in <api>:fail, nothing thrown', async () => {
    const name = c.api.replace(/^fs\./, '');
    const first = c.args()[0];
    if (c.style === 'sync') {
      const [obj, method] = target(c.api);
      let thrown: any;
      try {
        obj[method](...c.args());
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(String(thrown.message).startsWith(`${name}:fail `)).toBe(true);
      checkReason(c, name, thrown.message);
      return;
    }
    if (isPlain(first)) {
      const res = await viaCallbacks(c, name);
      checkReason(c, name, res.errMsg);
    }
    const [obj, method] = target(c.api);
    const ret = obj[method](c.args()[0]);
    if (c.style === 'async' || c.style === 'cloudTask') {
      expect(typeof ret?.then).toBe('function');
      const res: any = await within(
        ret.then(
          () => ({ resolved: true }),
          (e: any) => e,
        ),
        15000,
        c.label,
      );
      expect(res.resolved).toBeUndefined();
      expect(res.errMsg.startsWith(`${name}:fail `)).toBe(true);
      checkReason(c, name, res.errMsg);
    } else if (c.style === 'task') {
      expect(typeof ret?.abort).toBe('function');
    } else {
      expect(ret).toBeUndefined();
    }
  });
});

test('no exception escaped, and the runtime still uploads afterwards', async () => {
  await mpsim.idle();
  await new Promise((r) => setTimeout(r, 50));
  expect(escaped.map((e) => String((e as Error)?.stack ?? e))).toEqual([]);
  const bytes = Buffer.alloc(200 * 1024, 3);
  wx.getFileSystemManager().writeFileSync('wxfile://usr/final.bin', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const res: any = await new Promise((resolve) =>
    wx.uploadFile({ url: 'https://test.url/upload', filePath: 'wxfile://usr/final.bin', name: 'file', complete: resolve }),
  );
  expect(res.errMsg).toBe('uploadFile:ok');
  expect(res.statusCode).toBe(200);
  const file = JSON.parse(res.data).files[0];
  expect(file.size).toBe(bytes.length);
  expect(file.md5).toBe(createHash('md5').update(bytes).digest('hex'));
});
