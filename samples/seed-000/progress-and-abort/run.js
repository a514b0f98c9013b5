// Seed 000, "UploadTask" sample: progress listener, then abort() right away.
// Prelude: the doc leaves `tempFilePaths` undefined — it comes from a chooser.
const { check, whenDone, uploads, recordConsole } = require('../../_lib/expect');
const logs = recordConsole();

wx.chooseImage({
  success(res) {
    globalThis.tempFilePaths = res.tempFilePaths;
    require('./snippet.js'); // verbatim from the doc

    // Expectation: abort() cancels the task — nothing completes at the server, and the
    // task ends in `uploadFile:fail abort` if it had started at all.
    whenDone(() => {
      for (const up of uploads()) check(up.error === 'abort', `an aborted upload ends in abort, got ${up.statusCode} ${up.error}`);
      const complete = mpsim.network.servers.echo.log.filter((r) => r.complete);
      check(complete.length === 0, 'the server never received a complete upload');
      check(!logs.some((l) => l[0] === 'Upload progress' && l[1] === 100), 'progress never reached 100');
      console.log('ok: the upload was cancelled before completing');
    });
  },
});
