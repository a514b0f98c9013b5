// Seed 000, "UploadTask.offHeadersReceived" sample: a listener added then removed is never called.
// Prelude: the doc leaves `UploadTask` undefined — an upload task of a chosen image.
const { check, whenDone, uploads, recordConsole } = require('../../_lib/expect');
const logs = recordConsole();

wx.chooseImage({
  success(res) {
    let succeeded = false;
    globalThis.UploadTask = wx.uploadFile({
      url: 'https://test.url/upload',
      filePath: res.tempFilePaths[0],
      name: 'file',
      success: () => (succeeded = true),
    });
    require('./snippet.js'); // verbatim from the doc

    // Expectation: the upload completes, and the removed listener never logged a header object.
    whenDone(() => {
      check(succeeded && uploads()[0].statusCode === 200, 'the upload succeeded');
      const fromListener = logs.filter((l) => l.length === 1 && l[0] && typeof l[0] === 'object' && 'header' in l[0]);
      check(fromListener.length === 0, 'the removed listener was not called');
      console.log('ok: offHeadersReceived(listener) removed the listener');
    });
  },
});
