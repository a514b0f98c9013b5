// uni-app (Vue 3 line) mp-weixin unchanged on mpsim's `wx`: the real runtime file of
// @dcloudio/uni-mp-weixin (dist/uni.api.esm.js), loaded as uni-app's mp-weixin build loads it
// (samples/_lib/uni.js), against the local servers.
//   1. uni.request through an interceptor (uni.addInterceptor('request', { invoke, success })):
//      the header it adds reaches the server, its success hook sees the response; promise style too;
//   2. uni.uploadFile with onProgressUpdate to 100 %, and a second one abort()ed midway;
//   3. uni.downloadFile with onProgressUpdate: the exact bytes in a temp file.
const { check, expectAsync } = require('../../_lib/expect');
const { loadUni } = require('../../_lib/uni');
const uni = loadUni();

const ECHO = 'https://echo.mpsim.test';
const fsm = wx.getFileSystemManager();
const file = `${wx.env.USER_DATA_PATH}/uni-upload.bin`;
const SIZE = 3 * 1024 * 1024;
fsm.writeFileSync(file, new Uint8Array(SIZE).map((_, i) => i % 251).buffer);

/** A callback-style uni call as a promise of { ok, res, task }. */
function callUni(api, options, onTask) {
  return new Promise((resolve) => {
    const task = uni[api]({
      ...options,
      success: (res) => resolve({ ok: true, res, task }),
      fail: (res) => resolve({ ok: false, res, task }),
    });
    if (onTask) onTask(task);
  });
}

expectAsync(async () => {
  // 1. request + interceptors
  const hooked = [];
  uni.addInterceptor('request', {
    invoke(args) {
      hooked.push(`invoke ${args.url}`);
      args.header = { ...args.header, 'x-from-interceptor': 'uni' };
    },
    success(res) {
      hooked.push(`success ${res.statusCode}`);
      res.intercepted = true;
    },
  });
  const r = await callUni('request', { url: `${ECHO}/headers` });
  check(r.ok && r.res.statusCode === 200 && r.res.intercepted === true, 'the success hook saw the response before the caller');
  check(r.res.data.headers['x-from-interceptor'] === 'uni', 'the server saw the header the invoke hook added');
  const p = await uni.request({ url: `${ECHO}/headers` });
  check(p.statusCode === 200 && p.data.headers['x-from-interceptor'] === 'uni', 'promise style goes through the interceptor too');
  check(hooked.join('|') === `invoke ${ECHO}/headers|success 200|invoke ${ECHO}/headers|success 200`, `hooks ran in order: ${hooked.join('|')}`);
  uni.removeInterceptor('request');

  // 2. uploadFile: onProgressUpdate to 100, then abort() midway
  mpsim.network.throttle(4 * 1024 * 1024);
  const events = [];
  const up = await callUni('uploadFile', { url: `${ECHO}/upload`, filePath: file, name: 'file' }, (t) => t.onProgressUpdate((e) => events.push(e)));
  const body = JSON.parse(up.res.data);
  check(up.ok && up.res.statusCode === 200 && body.files[0].size === SIZE, `the server stored all ${SIZE} bytes`);
  const last = events[events.length - 1];
  check(last && last.progress === 100 && last.totalBytesSent === SIZE, 'progress ends at 100 with every byte sent');
  const log = mpsim.network.servers.echo.log;
  const before = log.length;
  const aborted = await callUni('uploadFile', { url: `${ECHO}/upload`, filePath: file, name: 'file' }, (t) =>
    t.onProgressUpdate((e) => e.progress >= 20 && t.abort()),
  );
  check(!aborted.ok && aborted.res.errMsg === 'uploadFile:fail abort', `abort() ends in uploadFile:fail abort, got ${aborted.res.errMsg}`);
  await new Promise((res) => setTimeout(res, 200));
  const cut = log.slice(before);
  check(cut.length === 1 && cut[0].complete === false && cut[0].bodyBytes < SIZE, 'the server saw a cut body');
  mpsim.network.reset();

  // 3. downloadFile with onProgressUpdate
  const dl = [];
  const d = await callUni('downloadFile', { url: `${ECHO}/bytes/300000` }, (t) => t.onProgressUpdate((e) => dl.push(e.progress)));
  const bytes = new Uint8Array(fsm.readFileSync(d.res.tempFilePath));
  check(d.ok && d.res.statusCode === 200 && bytes.length === 300000 && bytes.every((b, i) => b === i % 251), 'the temp file holds the exact bytes');
  check(dl[dl.length - 1] === 100, 'download progress ends at 100');
  console.log('ok: uni-app mp-weixin request interceptors, uploadFile progress/abort and downloadFile run unchanged on wx');
});
