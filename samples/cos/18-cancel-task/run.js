// Seed 003, "Uploading queue" — canceling an upload task: cos.cancelTask(taskId).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and
// an upload task to cancel: a 3.5 MiB sliceUploadFile on a slow (512 KiB/s) link, whose id comes
// from onTaskReady.
// Expectation, as printed: 'xxxxx' names no task, so cancelTask does nothing (the real task keeps
// uploading). With the real task id: the task is 'canceled' in getTaskList() and in a
// 'list-update' event, its in-flight requests are aborted, and — as the SDK does (research
// cos-vod-protocol §2.5) — its callback is never called and no Abort Multipart Upload is sent,
// so COS has no object and the multipart upload stays open.
const { check, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, stsAuthorization, stored, cosLog, startSlowUpload, taskState } = require('../../_lib/cos');
const { runBlock } = require('../../_lib/doc');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });

expectAsync(async () => {
  const task = await startSlowUpload({ key: 'queue/cancel.bin' });

  require('./snippet.js'); // verbatim from the doc
  check(taskState(task.taskId) === 'uploading', `as printed ('xxxxx'): the task keeps uploading, got ${taskState(task.taskId)}`);

  const inFlight = mpsim.network.requests.filter((r) => /partNumber=/.test(r.url) && r.endedAt === undefined);
  runBlock(__dirname, 'snippet.js', (code) => code.replace("'xxxxx'", JSON.stringify(task.taskId)));
  check(taskState(task.taskId) === 'canceled', `cancelTask: state canceled, got ${taskState(task.taskId)}`);
  await waitFor(() => task.updates.some((l) => l.some((t) => t.id === task.taskId && t.state === 'canceled')), 5000, "a 'list-update' with the task canceled");
  await waitFor(() => inFlight.every((r) => r.endedAt !== undefined), 5000, 'in-flight parts to end');
  check(inFlight.length > 0 && inFlight.every((r) => r.error && /abort/.test(r.error)), `in-flight parts aborted, got ${JSON.stringify(inFlight.map((r) => r.error))}`);
  await new Promise((r) => setTimeout(r, 1500));
  check(task.result === undefined, 'the callback is never called');
  check(cosLog('AbortMultipartUpload').length === 0 && cosLog('CompleteMultipartUpload').length === 0, 'no Abort / Complete sent');
  check(!stored('queue/cancel.bin') && mpsim.servers.cos.store.uploads(BUCKET).length === 1, 'nothing stored, the multipart upload left open');
  console.log(`ok: cancelTask('xxxxx') is a no-op; cancelTask(<task id>) canceled the task silently (${inFlight.length} part request(s) aborted, upload left open)`);
});
