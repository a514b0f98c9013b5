// Seed 003, "Uploading queue" — resuming an upload task: cos.restartTask(taskId).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and
// a paused upload task to resume: a 3.5 MiB sliceUploadFile on a slow (512 KiB/s) link, paused
// with cos.pauseTask once its first parts are stored; its id comes from onTaskReady.
// Expectation, as printed: 'xxxxx' names no task, so restartTask does nothing (the task stays
// paused). With the real task id: the task runs again ('list-update' shows it leave 'paused'),
// finishes as 'success', its callback gets statusCode 200 with ETag "<...>-4"; the parts stored
// before the pause are not sent again; COS stores the file byte for byte.
const { check, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, stsAuthorization, md5, storedBytes, cosLog, startSlowUpload, taskState } = require('../../_lib/cos');
const { runBlock } = require('../../_lib/doc');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });

expectAsync(async () => {
  const task = await startSlowUpload({ key: 'queue/restart.bin' });
  // parts whose response the phone has received (a part the server stored but whose response
  // was still on the way is, for the SDK, not uploaded: it is sent again, rightly)
  const done = () => mpsim.network.requests.filter((r) => /partNumber=/.test(r.url) && r.statusCode === 200 && r.endedAt !== undefined);
  await waitFor(() => done().length > 0, 20000, 'a first part uploaded');
  await new Promise((r) => setTimeout(r, 150));
  cos.pauseTask(task.taskId);
  check(taskState(task.taskId) === 'paused', 'paused');
  // settled: ended well before the pause, so the SDK has surely marked them uploaded
  const pausedAt = Date.now();
  const storedParts = done()
    .filter((r) => r.endedAt <= pausedAt - 100)
    .map((r) => Number(/partNumber=(\d+)/i.exec(r.url)[1]));
  check(storedParts.length > 0, 'at least one part settled before the pause');
  await new Promise((r) => setTimeout(r, 300));
  const [upload] = mpsim.servers.cos.store.uploads(BUCKET);
  check(storedParts.every((n) => upload.parts.has(n)), `COS holds parts ${storedParts}`);

  require('./snippet.js'); // verbatim from the doc
  await new Promise((r) => setTimeout(r, 300));
  check(taskState(task.taskId) === 'paused', `as printed ('xxxxx'): the task stays paused, got ${taskState(task.taskId)}`);

  const mark = task.updates.length;
  runBlock(__dirname, 'snippet.js', (code) => code.replace("'xxxxx'", JSON.stringify(task.taskId)));
  await waitFor(() => task.result, 30000, 'the task callback');
  const { err, data } = task.result;
  check(!err && data.statusCode === 200 && /-4"$/.test(data.ETag), `completed, got ${JSON.stringify(err || data)}`);
  check(taskState(task.taskId) === 'success', `state success, got ${taskState(task.taskId)}`);
  // the SDK emits the final 'list-update' on a timer, possibly after the callback
  const after = () => task.updates.slice(mark).map((l) => l.find((t) => t.id === task.taskId).state);
  await waitFor(() => after()[after().length - 1] === 'success', 5000, "a 'list-update' with the task succeeded");
  check(after()[0] !== 'paused', `'list-update' shows the task leave 'paused', got ${after()}`);
  for (const n of storedParts) {
    const sent = cosLog('UploadPart').filter((e) => e.status === 200 && new RegExp(`partNumber=${n}(&|$)`, 'i').test(e.url));
    check(sent.length === 1, `part ${n} (stored before the pause) sent once, got ${sent.length}`);
  }
  check(md5(storedBytes('queue/restart.bin')) === md5(task.bytes), 'COS stored the file byte for byte');
  console.log(`ok: restartTask('xxxxx') is a no-op; restartTask(<task id>) resumed (parts ${storedParts} kept) and completed ${data.ETag}`);
});
