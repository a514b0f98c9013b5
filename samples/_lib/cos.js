/**
 * Prelude helpers for the seed 003 samples (Tencent COS mini-program upload doc, real
 * cos-wx-sdk-v5): the credentials the doc leaves to the developer, the placeholder region,
 * and server-side checks. Harness code, not doc code: each doc block stays verbatim in snippet*.js.
 */
const fs = require('node:fs');
const crypto = require('node:crypto');
const { runBlock } = require('./doc');

const BUCKET = 'examplebucket-1250000000';
/** What the doc's placeholder region is replaced with (the region its other samples use). */
const REGION = 'ap-beijing';
/**
 * cos-wx-sdk-v5 checks `Region` against /^[a-z\d-]+$/ before any network I/O, so the doc's
 * placeholder `'COS_REGION'` fails on a phone exactly like this (research cos-vod-protocol §2.1).
 */
const REGION_ERROR = { error: 'Region format error.' };

/**
 * `getAuthorization` as the COS docs recommend for mini programs: temporary keys from the
 * developer's server (our app server's GET /cos/sts) fetched with wx.request.
 */
function stsAuthorization(_options, callback) {
  wx.request({
    url: 'https://appserver.mpsim.test/cos/sts',
    success(res) {
      const d = res.data;
      callback({
        TmpSecretId: d.credentials.tmpSecretId,
        TmpSecretKey: d.credentials.tmpSecretKey,
        SecurityToken: d.credentials.sessionToken,
        StartTime: d.startTime,
        ExpiredTime: d.expiredTime,
      });
    },
    fail(err) {
      callback({ error: err });
    },
  });
}

/**
 * Evaluates a snippet file (in the global scope) with the doc's placeholder region filled in:
 * the one edit a developer makes before the sample can reach a bucket.
 */
function runWithRegion(dir, file = 'snippet.js') {
  return runBlock(dir, file, (code) => {
    if (!code.includes("'COS_REGION'")) throw new Error(`${file} has no 'COS_REGION' placeholder`);
    return code.split("'COS_REGION'").join(`'${REGION}'`);
  });
}

const md5 = (bytes) => crypto.createHash('md5').update(bytes).digest('hex');

/** The stored object record (or undefined) in the doc's bucket. */
function stored(key) {
  return mpsim.servers.cos.store.head(BUCKET, key);
}

/** The bytes COS stored for `key` (throws when there is no such object). */
function storedBytes(key) {
  const rec = stored(key);
  if (!rec) throw new Error(`expectation failed: COS has no object ${JSON.stringify(key)}`);
  return fs.readFileSync(mpsim.servers.cos.store.dataPath(BUCKET, rec));
}

/** The bytes of a wx file path (temp file from a chooser, user file). */
function fileBytes(wxPath) {
  return fs.readFileSync(mpsim.device.toHostPath(wxPath));
}

/** The COS server's request log entries (optionally only for one operation). */
function cosLog(op) {
  const log = mpsim.servers.cos.log;
  return op ? log.filter((e) => e.op === op) : log.slice();
}

/** True when a logged console.log call was exactly the SDK's region format error. */
function isRegionError(args) {
  return args.length === 1 && args[0] && args[0].error === REGION_ERROR.error && Object.keys(args[0]).length === 1;
}

/**
 * For the task-queue samples: starts a sliceUploadFile (a task in the SDK's queue) of `size` random
 * bytes written to a user file, on a COS link throttled to `bps` so the task is still uploading
 * when the sample acts on it. Resolves once the task is uploading with `{ taskId, bytes, result }`;
 * `result` is set when (if ever) the SDK calls back. Every 'list-update' list is kept in `updates`.
 */
function startSlowUpload({ key, size = 3.5 * 1024 * 1024, bps = 512 * 1024 }) {
  const bytes = crypto.randomBytes(size);
  const filePath = `${wx.env.USER_DATA_PATH}/queue-${key.replace(/\W/g, '_')}.bin`;
  fs.writeFileSync(mpsim.device.toHostPath(filePath), bytes);
  mpsim.network.throttle({ upload: bps }, { host: '*.cos.*.myqcloud.com' });
  const state = { taskId: undefined, bytes, result: undefined, updates: [] };
  cos.on('list-update', (e) => state.updates.push(e.list.map((t) => ({ id: t.id, state: t.state }))));
  cos.sliceUploadFile(
    { Bucket: BUCKET, Region: REGION, Key: key, FilePath: filePath, onTaskReady: (id) => (state.taskId = id) },
    (err, data) => (state.result = { err, data }),
  );
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const t = state.taskId && cos.getTaskList().find((x) => x.id === state.taskId);
      if (t && t.state === 'uploading' && mpsim.network.requests.some((r) => /partNumber=/.test(r.url))) return resolve(state);
      if (Date.now() - started > 20000) return reject(new Error('expectation failed: the upload task never started uploading'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** The state of task `id` in cos.getTaskList(). */
function taskState(id) {
  const t = cos.getTaskList().find((x) => x.id === id);
  return t && t.state;
}

module.exports = {
  BUCKET,
  REGION,
  REGION_ERROR,
  stsAuthorization,
  runWithRegion,
  md5,
  stored,
  storedBytes,
  fileBytes,
  cosLog,
  isRegionError,
  startSlowUpload,
  taskState,
};
