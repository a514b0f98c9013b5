// Seed 003, "Appending parts" — the doc's three blocks (one cssg snippet, append-object), kept
// verbatim in snippet-1.js (first append, Position 0), snippet-2.js (headObject: is it
// appendable?) and snippet-3.js (headObject's content-length as the next Position, append '66666').
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and
// `fileObject`: the bytes (ArrayBuffer) of an image the user picks with wx.chooseImage.
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything — each block logs { error: 'Region format error.' }. With the region filled in
// (ap-beijing), run in order: the first append succeeds, the second block logs `true`, the third
// logs the next position (image size + 5) and COS holds image bytes + '66666' as an appendable test.txt.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, runWithRegion, md5, stored, storedBytes, cosLog, isRegionError } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

wx.chooseImage({
  count: 1,
  success(res) {
    globalThis.fileObject = wx.getFileSystemManager().readFileSync(res.tempFiles[0].path);
    const image = Buffer.from(fileObject);

    require('./snippet-1.js'); // verbatim from the doc
    require('./snippet-2.js');
    require('./snippet-3.js');

    expectAsync(async () => {
      await waitFor(() => logs.length >= 3, 20000, 'three callbacks');
      check(logs.length === 3 && logs.every(isRegionError), `as printed: Region format error ×3, got ${JSON.stringify(logs)}`);
      check(cosLog().length === 0, 'as printed: nothing reached COS');

      logs.length = 0;
      runWithRegion(__dirname, 'snippet-1.js');
      await waitFor(() => logs.length > 0, 20000, 'first append');
      check(logs[0][0].statusCode === 200, `first append: 200, got ${JSON.stringify(logs[0])}`);
      check(logs[0][0].headers['x-cos-next-append-position'] === String(image.length), 'next position = image size');

      logs.length = 0;
      runWithRegion(__dirname, 'snippet-2.js');
      await waitFor(() => logs.length > 0, 20000, 'headObject');
      check(logs.length === 1 && logs[0][0] === true, `objectType === 'appendable' logs true, got ${JSON.stringify(logs)}`);

      logs.length = 0;
      runWithRegion(__dirname, 'snippet-3.js');
      await waitFor(() => logs.length > 0, 20000, 'second append');
      const expected = Buffer.concat([image, Buffer.from('66666')]);
      check(logs.length === 1 && logs[0][0] === String(expected.length), `logs the next position ${expected.length}, got ${JSON.stringify(logs)}`);
      check(stored('test.txt').type === 'appendable', 'test.txt is appendable');
      check(md5(storedBytes('test.txt')) === md5(expected), 'COS holds image + 66666');
      const appends = cosLog('AppendObject');
      check(appends.length === 2 && appends.every((e) => e.status === 200), `two appends, got ${JSON.stringify(appends)}`);
      console.log(`ok: as printed "Region format error." ×3; with ap-beijing: test.txt = ${image.length} B image + '66666', next position ${expected.length}`);
    });
  },
});
