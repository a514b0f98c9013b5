// Seed 003, "Uploading an object using simple upload" — select a file and upload it with `Body`
// (wx.chooseImage → FileSystemManager.readFile → putObject).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and
// `config` ({ Bucket, Region } — the doc's own bucket and region elsewhere).
// Expectation: wx.chooseImage's tempFiles entries are { path, size } — there is no `name` — so
// `Key: file.name` is undefined and the SDK refuses the call before sending anything:
// the callback logs { error: 'missing param Key' }. The doc's sample cannot upload as printed;
// the SDK's check comes from inside readFile's success, and nothing reaches COS.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, cosLog } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
globalThis.config = { Bucket: 'examplebucket-1250000000', Region: 'ap-beijing' };
const logs = recordConsole();
const picked = mpsim.album.list().find((i) => i.kind === 'image');

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  // putObject is called from readFile's success callback, so the image was picked and read
  check(mpsim.network.requests.length === 0 || mpsim.network.requests.every((r) => !/myqcloud/.test(r.url)), 'no request to COS');
  check(logs.length === 1 && logs[0][0] && logs[0][0].error === 'missing param Key', `missing param Key, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0, 'nothing reached COS');
  console.log(`ok: as printed, chooseImage gives no file.name: "missing param Key" (${picked.name} picked and read)`);
});
