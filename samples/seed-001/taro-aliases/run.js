// Seed 001 (Taro UploadTask), replayed through the real Taro 4 runtime for weapp
// (@tarojs/taro + @tarojs/plugin-platform-weapp from node_modules, on this phone's `wx`).
// Prelude: `Taro` as a Taro weapp build provides it; `tempFilePaths` from a chooser.
//
// What the doc promises, and what Taro 4.2.1 does:
//   progress(cb)         kept — Taro puts it on the promise Taro.uploadFile returns;
//   headersReceived(cb)  NOT kept — Taro's wrapper never defines it (its typings spell it
//                        `headersReceive`, which does not exist either): calling it throws
//                        `TypeError: uploadTask.headersReceived is not a function`, as on a phone;
//   on/offProgressUpdate, on/offHeadersReceived, abort — kept (wx's task methods, bound by Taro).
// `wx`'s own UploadTask has none of Taro's members (progress/headersReceived are undefined).
const { check, whenDone, recordConsole } = require('../../_lib/expect');
const { loadTaro } = require('../../_lib/taro');
globalThis.Taro = loadTaro();
const logs = recordConsole();

Taro.chooseImage({
  success(res) {
    globalThis.tempFilePaths = res.tempFilePaths;
    let thrown;
    try {
      require('./snippet.js');
    } catch (err) {
      thrown = err;
    }
    // the other documented members, on a second task of the same kind
    const other = Taro.uploadFile({ url: 'https://test.url/upload', filePath: res.tempFilePaths[0], name: 'file' });
    const members = ['progress', 'headersReceived', 'headersReceive', 'onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived', 'abort'];
    const present = members.filter((m) => typeof other[m] === 'function');
    let headersViaOn;
    other.onHeadersReceived((r) => (headersViaOn = typeof r.header));
    const wxTask = wx.uploadFile({ url: 'https://test.url/upload', filePath: res.tempFilePaths[0], name: 'file' });

    whenDone(() => {
      const progress = logs.filter((l) => l[0] === 'progress');
      const done = logs.findIndex((l) => l[0] === 'uploaded');
      check(progress.length > 0, 'progress events arrived through progress(cb)');
      const last = progress[progress.length - 1];
      check(last[1] === 100 && last[2] === last[3], `progress ends at 100 with all bytes sent, got ${last.slice(1).join(' ')}`);
      for (let i = 1; i < progress.length; i++) check(progress[i][1] >= progress[i - 1][1], 'progress is monotonic');
      check(done >= 0 && logs[done][1] === 200, 'the upload succeeded with HTTP 200');
      // the doc's headersReceived(cb): Taro 4 does not provide it
      check(thrown && thrown.name === 'TypeError' && /headersReceived is not a function/.test(thrown.message), `headersReceived(cb) throws TypeError, got ${thrown}`);
      check(!logs.some((l) => l[0] === 'headers'), 'no headers callback ran');
      check(
        present.join() === 'progress,onProgressUpdate,offProgressUpdate,onHeadersReceived,offHeadersReceived,abort',
        `Taro's task has progress and wx's members, not headersReceived/headersReceive: ${present.join()}`,
      );
      check(headersViaOn === 'object', 'onHeadersReceived(cb) (wx\'s, bound by Taro) got { header }');
      check(wxTask.progress === undefined && wxTask.headersReceived === undefined, "wx's own UploadTask has no progress/headersReceived");
      console.log('ok: progress() works through Taro 4; headersReceived() is documented but Taro 4 does not provide it (TypeError)');
    });
  },
});
