// Seed 003, "Uploading queue" — suspending an upload task: cos.pauseTask(taskId).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and
// an upload task to act on: a 3.5 MiB sliceUploadFile on a slow (512 KiB/s) link, whose id comes
// from onTaskReady, as the doc says ("the TaskReady callback will return the taskId").
// Expectation, as printed: 'xxxxx' names no task, so pauseTask does nothing (the real task keeps
// uploading). With the real task id in place of 'xxxxx': the task is 'paused' in getTaskList()
// and in a 'list-update' event, its in-flight part requests are aborted, and it neither completes
// nor calls back; COS has no object, only the unfinished multipart upload.
const { check, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, stsAuthorization, stored, cosLog, startSlowUpload, taskState } = require('../../_lib/cos');
const { runBlock } = require('../../_lib/doc');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });

expectAsync(async () => {
  const task = await startSlowUpload({ key: 'queue/pause.bin' });

  require('./snippet.js'); // verbatim from the doc
  check(taskState(task.taskId) === 'uploading', `as printed ('xxxxx'): the task keeps uploading, got ${taskState(task.taskId)}`);

  const inFlight = mpsim.network.requests.filter((r) => /partNumber=/.test(r.url) && r.endedAt === undefined);
  runBlock(__dirname, 'snippet.js', (code) => code.replace("'xxxxx'", JSON.stringify(task.taskId)));
  check(taskState(task.taskId) === 'paused', `pauseTask: state paused, got ${taskState(task.taskId)}`);
  await waitFor(() => task.updates.some((l) => l.some((t) => t.id === task.taskId && t.state === 'paused')), 5000, "a 'list-update' with the task paused");
  await waitFor(() => inFlight.every((r) => r.endedAt !== undefined), 5000, 'in-flight parts to end');
  check(inFlight.length > 0 && inFlight.every((r) => r.error && /abort/.test(r.error)), `in-flight parts aborted, got ${JSON.stringify(inFlight.map((r) => r.error))}`);
  await new Promise((r) => setTimeout(r, 1500));
  check(taskState(task.taskId) === 'paused' && task.result === undefined, 'still paused, no callback');
  check(cosLog('CompleteMultipartUpload').length === 0 && !stored('queue/pause.bin'), 'not completed, nothing stored');
  check(mpsim.servers.cos.store.uploads(BUCKET).length === 1, 'the multipart upload is left open');
  console.log(`ok: pauseTask('xxxxx') is a no-op; pauseTask(<task id>) paused the task and aborted ${inFlight.length} part request(s)`);
});
