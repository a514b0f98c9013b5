// Seed 001 (Taro UploadTask): the `progress` and `headersReceived` aliases work like
// onProgressUpdate / onHeadersReceived. Prelude: `tempFilePaths` from a chooser.
const { check, whenDone, recordConsole } = require('../../_lib/expect');
const logs = recordConsole();

wx.chooseImage({
  success(res) {
    globalThis.tempFilePaths = res.tempFilePaths;
    require('./snippet.js');

    whenDone(() => {
      const progress = logs.filter((l) => l[0] === 'progress');
      const headers = logs.findIndex((l) => l[0] === 'headers');
      const done = logs.findIndex((l) => l[0] === 'uploaded');
      check(progress.length > 0, 'progress events arrived through progress(cb)');
      const last = progress[progress.length - 1];
      check(last[1] === 100 && last[2] === last[3], `progress ends at 100 with all bytes sent, got ${last.slice(1).join(' ')}`);
      for (let i = 1; i < progress.length; i++) check(progress[i][1] >= progress[i - 1][1], 'progress is monotonic');
      check(headers >= 0 && logs[headers][1] === 'object', 'headersReceived(cb) got { header }');
      check(done > headers, 'headers arrived before success');
      check(logs[done][1] === 200, 'HTTP 200');
      console.log('ok: Taro aliases progress() and headersReceived() fire as documented');
    });
  },
});
