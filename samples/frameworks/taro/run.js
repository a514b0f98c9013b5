// Taro 4 (weapp) unchanged on mpsim's `wx`: the real @tarojs/taro + @tarojs/plugin-platform-weapp
// runtime, loaded as a Taro weapp build loads it (samples/_lib/taro.js), against the local servers.
//   1. Taro.request through an interceptor chain (Taro.addInterceptor): the interceptor adds a
//      header the server sees and marks the response the caller gets;
//   2. Taro.uploadFile with progress(cb) to 100 %, and a second one abort()ed midway;
//   3. Taro.downloadFile with progress(cb): the exact bytes in a temp file.
const { check, expectAsync } = require('../../_lib/expect');
const { loadTaro } = require('../../_lib/taro');
const Taro = loadTaro();

const ECHO = 'https://echo.mpsim.test';
const fsm = wx.getFileSystemManager();
const file = `${wx.env.USER_DATA_PATH}/taro-upload.bin`;
const SIZE = 3 * 1024 * 1024;
fsm.writeFileSync(file, new Uint8Array(SIZE).map((_, i) => i % 251).buffer);

expectAsync(async () => {
  // 1. request + interceptors
  const seen = [];
  Taro.addInterceptor((chain) => {
    const params = chain.requestParams;
    seen.push(params.url);
    params.header = { ...params.header, 'x-from-interceptor': 'taro' };
    return chain.proceed(params).then((res) => ({ ...res, intercepted: true }));
  });
  const res = await Taro.request({ url: `${ECHO}/headers` });
  check(res.statusCode === 200 && res.intercepted === true, `the interceptor's response came back, got ${res.statusCode} ${res.intercepted}`);
  check(res.data.headers['x-from-interceptor'] === 'taro', 'the server saw the header the interceptor added');
  check(seen.length === 1 && seen[0] === `${ECHO}/headers`, 'the interceptor ran once, with the request');
  Taro.cleanInterceptors();

  // 2. uploadFile: progress(cb) to 100, then abort() midway
  mpsim.network.throttle(4 * 1024 * 1024);
  const events = [];
  const upload = Taro.uploadFile({ url: `${ECHO}/upload`, filePath: file, name: 'file' });
  check(typeof upload.progress === 'function' && typeof upload.abort === 'function', 'Taro.uploadFile returns a promise with progress() and abort()');
  upload.progress((e) => events.push(e));
  const up = await upload;
  const body = JSON.parse(up.data);
  check(up.statusCode === 200 && body.files[0].size === SIZE, `the server stored all ${SIZE} bytes, got ${body.files[0] && body.files[0].size}`);
  const last = events[events.length - 1];
  check(last && last.progress === 100 && last.totalBytesSent === SIZE, 'progress(cb) ends at 100 with every byte sent');
  for (let i = 1; i < events.length; i++) check(events[i].progress >= events[i - 1].progress, 'progress is monotonic');

  const log = mpsim.network.servers.echo.log;
  const before = log.length;
  const aborted = Taro.uploadFile({ url: `${ECHO}/upload`, filePath: file, name: 'file' });
  aborted.progress((e) => e.progress >= 20 && aborted.abort());
  const outcome = await aborted.then(
    (r) => ({ ok: true, r }),
    (r) => ({ ok: false, r }),
  );
  check(!outcome.ok && outcome.r.errMsg === 'uploadFile:fail abort', `abort() rejects with uploadFile:fail abort, got ${JSON.stringify(outcome.r)}`);
  await new Promise((r) => setTimeout(r, 200));
  const cut = log.slice(before);
  check(cut.length === 1 && cut[0].complete === false && cut[0].bodyBytes < SIZE, 'the server saw a cut body');
  mpsim.network.reset();

  // 3. downloadFile with progress(cb)
  const dl = [];
  const download = Taro.downloadFile({ url: `${ECHO}/bytes/300000` });
  download.progress((e) => dl.push(e.progress));
  const d = await download;
  const bytes = new Uint8Array(fsm.readFileSync(d.tempFilePath));
  check(d.statusCode === 200 && bytes.length === 300000 && bytes.every((b, i) => b === i % 251), 'the temp file holds the exact bytes');
  check(dl[dl.length - 1] === 100, 'download progress(cb) ends at 100');
  console.log('ok: Taro 4 request interceptors, uploadFile progress/abort and downloadFile run unchanged on wx');
});
