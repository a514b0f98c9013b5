/**
 * `wx.cloud`: Cloud Development as the mini-program client provides it —
 * init, callFunction, uploadFile/downloadFile (tasks with progress and abort),
 * getTempFileURL, deleteFile, database() and CloudID — against the local
 * environment of the simulator's cloud (simulator/servers/tcb). Every API goes
 * through the calling convention: `cloud.<api>:ok` / `cloud.<api>:fail …` with
 * `errCode` on cloud-side failures; a promise when no callback key is given
 * (uploadFile/downloadFile then return the promise instead of the task, as the
 * client does).
 */
import { NetworkError } from '../../simulator/network';
import { ApiError, defineAsync, deliver, failResult, ListenerSet, PARAM_ERRNO, type ParamRules } from '../convention';
import type { RuntimeHost } from '../host';
import { receiveDownload, runTask, transferTask, percentTracker } from '../network/common';
import type { NetworkApi } from '../../simulator/network';
import { DeviceNetwork } from '../../simulator/network';
import { isPlainObject, wxTypeName } from '../realm';
import { callAction, cloudApiError, CloudFail, envFor, requireInit, type CloudState } from './client';
import { createDatabase } from './database';

const MAX_FILE_LIST = 50;

function checkFileList(list: unknown[], allowObjects: boolean): string | undefined {
  if (list.length === 0) return 'fileList should not be empty';
  if (list.length > MAX_FILE_LIST) return `fileList length should not exceed ${MAX_FILE_LIST}`;
  for (const item of list) {
    if (typeof item === 'string') {
      if (!item) return 'fileID should not be empty';
      continue;
    }
    if (allowObjects && isPlainObject(item) && typeof item.fileID === 'string') continue;
    return allowObjects ? 'fileList item should be a fileID string or { fileID, maxAge }' : 'fileList item should be a fileID string';
  }
  return undefined;
}

export function installCloud(host: RuntimeHost, wx: Record<string, unknown>): void {
  const state: CloudState = { inited: false, env: {}, traceUser: false };
  const cloud: Record<string, unknown> = {};

  cloud.init = (config?: unknown) => {
    if (config !== undefined && !isPlainObject(config))
      throw new host.realm.Error('cloud.init:fail parameter error: config should be Object');
    const c = (config ?? {}) as { env?: unknown; traceUser?: unknown };
    if (c.env !== undefined && typeof c.env !== 'string' && !isPlainObject(c.env))
      throw new host.realm.Error('cloud.init:fail parameter error: env should be String or Object');
    if (typeof c.env === 'string') state.env = { database: c.env, functions: c.env, storage: c.env };
    else if (isPlainObject(c.env)) {
      const e = c.env as Record<string, unknown>;
      state.env = {};
      for (const k of ['database', 'functions', 'storage'] as const) if (typeof e[k] === 'string') state.env[k] = e[k] as string;
    }
    state.traceUser = c.traceUser === true;
    state.inited = true;
  };

  cloud.callFunction = defineAsync(
    host,
    'cloud.callFunction',
    {
      params: {
        name: { type: 'String', required: true, check: (v: string) => (v ? undefined : 'parameter error: name should not be empty') },
        data: { type: 'Object' },
        config: { type: 'Object' },
        slow: { type: 'Boolean' },
      },
    },
    async (o) => {
      requireInit(state);
      let requestData: string;
      try {
        requestData = JSON.stringify(o.data ?? {});
      } catch (e) {
        throw new ApiError(`parameter error: data should be JSON serialisable (${(e as Error).message})`, { errCode: -1 });
      }
      try {
        const { data, requestId } = await callAction(host, envFor(state, 'functions', o.config), {
          action: 'functions.invokeFunction',
          function_name: o.name,
          request_data: requestData,
        });
        let result: unknown;
        try {
          result = host.realm.JSON.parse(String(data.response_data ?? 'null'));
        } catch {
          result = data.response_data;
        }
        return { result, requestID: requestId };
      } catch (err) {
        throw cloudApiError(err);
      }
    },
  );

  cloud.getTempFileURL = defineAsync(
    host,
    'cloud.getTempFileURL',
    {
      params: { fileList: { type: 'Array', required: true, check: (v: unknown[]) => checkFileList(v, true) }, config: { type: 'Object' } },
    },
    async (o) => {
      requireInit(state);
      const items = (o.fileList as unknown[]).map((i) =>
        typeof i === 'string' ? { fileID: i, maxAge: undefined } : (i as { fileID: string; maxAge?: unknown }),
      );
      try {
        const { data } = await callAction(host, envFor(state, 'storage', o.config), {
          action: 'storage.batchGetDownloadUrl',
          file_list: items.map((i) => ({ fileid: i.fileID, max_age: typeof i.maxAge === 'number' ? i.maxAge : undefined })),
        });
        const list = (data.download_list as Array<Record<string, unknown>>) ?? [];
        const out = new host.realm.Array();
        list.forEach((r, n) => {
          const ok = r.code === 'SUCCESS';
          out.push(
            ok
              ? {
                  fileID: r.fileID,
                  tempFileURL: r.tempFileURL,
                  maxAge: typeof items[n]?.maxAge === 'number' ? items[n].maxAge : 86400,
                  status: 0,
                  errMsg: 'ok',
                }
              : { fileID: r.fileID, tempFileURL: '', maxAge: 0, status: -1, errMsg: String(r.message ?? r.code) },
          );
        });
        return { fileList: out };
      } catch (err) {
        throw cloudApiError(err);
      }
    },
  );

  cloud.deleteFile = defineAsync(
    host,
    'cloud.deleteFile',
    {
      params: { fileList: { type: 'Array', required: true, check: (v: unknown[]) => checkFileList(v, false) }, config: { type: 'Object' } },
    },
    async (o) => {
      requireInit(state);
      try {
        const { data } = await callAction(host, envFor(state, 'storage', o.config), {
          action: 'storage.batchDeleteFile',
          fileid_list: o.fileList,
        });
        const out = new host.realm.Array();
        for (const r of (data.delete_list as Array<Record<string, unknown>>) ?? [])
          out.push(
            r.code === 'SUCCESS'
              ? { fileID: r.fileID, status: 0, errMsg: 'ok' }
              : { fileID: r.fileID, status: -1, errMsg: String(r.message ?? r.code) },
          );
        return { fileList: out };
      } catch (err) {
        throw cloudApiError(err);
      }
    },
  );

  const UPLOAD_PARAMS: ParamRules = {
    cloudPath: { type: 'String', required: true, check: (v: string) => (v ? undefined : 'parameter error: cloudPath should not be empty') },
    filePath: { type: 'String', required: true },
    header: { type: 'Object' },
    config: { type: 'Object' },
  };
  cloud.uploadFile = taskOrPromise(host, 'cloud.uploadFile', (options) => {
    const progress = new ListenerSet<unknown>(host, 'at UploadTask.onProgressUpdate callback function');
    const headersReceived = new ListenerSet<unknown>(host, 'at UploadTask.onHeadersReceived callback function');
    // runTask names the API in errMsg; its timeout default is the network rules' (60 s).
    const control = runTask(host, 'cloud.uploadFile' as NetworkApi, options, UPLOAD_PARAMS, async (o, ctx) => {
      requireInit(state);
      const net = host.device.network;
      const env = envFor(state, 'storage', o.config);
      try {
        const { data: meta } = await callAction(host, env, { action: 'storage.getUploadMetadata', path: o.cloudPath }, ctx.controller);
        let multipart: ReturnType<typeof net.multipartUpload>;
        const track = percentTracker(() => undefined);
        let last = -1;
        try {
          multipart = net.multipartUpload({
            filePath: o.filePath,
            name: 'file',
            fields: [
              ['key', String(o.cloudPath)],
              ['Signature', String(meta.authorization)],
              ['x-cos-security-token', String(meta.token)],
              ['x-cos-meta-fileid', String(meta.cosFileId)],
            ],
            boundary: `----mpsimCloudBoundary${Date.now()}${Math.floor(Math.random() * 0xffffffff).toString(16)}`,
            onFileBytes: (sent, total) => {
              if (ctx.settled) return;
              track(sent, total);
              const p = total > 0 ? Math.min(100, Math.floor((100 * sent) / total)) : 100;
              if (p === last) return;
              last = p;
              progress.emit({ progress: p, totalBytesSent: sent, totalBytesExpectedToSend: total });
            },
          });
        } catch {
          throw new ApiError(`Error: errCode: -404001 file not found | errMsg: ${String(o.filePath)}`, { errCode: -404001 });
        }
        ctx.startTimer();
        const res = await net.exchange({
          api: 'uploadFile',
          method: 'POST',
          url: String(meta.url),
          headers: { 'Content-Type': multipart.contentType },
          body: multipart.body,
          redirect: 'manual',
          controller: ctx.controller,
        });
        const text = (await res.readAll()).toString('utf8');
        if (res.statusCode >= 300) {
          const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `status ${res.statusCode}`;
          throw new CloudFail(
            code === 'AccessDenied' ? 'PERMISSION_DENIED' : 'SYS_ERR',
            `${code}: ${/<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? ''}`,
          );
        }
        return { fileID: meta.fileId, statusCode: res.statusCode };
      } catch (err) {
        if (err instanceof NetworkError && ctx.settled) throw err;
        throw cloudApiError(err);
      }
    });
    return { control, task: transferTask(control, progress, headersReceived) };
  });

  const DOWNLOAD_PARAMS: ParamRules = {
    fileID: {
      type: 'String',
      required: true,
      check: (v: string) => (v.startsWith('cloud://') ? undefined : 'parameter error: fileID should be a cloud:// file ID'),
    },
    config: { type: 'Object' },
  };
  cloud.downloadFile = taskOrPromise(host, 'cloud.downloadFile', (options) => {
    const progress = new ListenerSet<unknown>(host, 'at DownloadTask.onProgressUpdate callback function');
    const headersReceived = new ListenerSet<unknown>(host, 'at DownloadTask.onHeadersReceived callback function');
    const control = runTask(host, 'cloud.downloadFile' as NetworkApi, options, DOWNLOAD_PARAMS, async (o, ctx) => {
      requireInit(state);
      const net = host.device.network;
      let target: ReturnType<DeviceNetwork['downloadTarget']> | undefined;
      try {
        const { data } = await callAction(
          host,
          envFor(state, 'storage', o.config),
          { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: o.fileID, max_age: 600 }] },
          ctx.controller,
        );
        const item = ((data.download_list as Array<Record<string, unknown>>) ?? [])[0];
        if (!item || item.code !== 'SUCCESS')
          throw new CloudFail(String(item?.code ?? 'SYS_ERR'), String(item?.message ?? 'no download url'));
        ctx.startTimer();
        const res = await net.exchange({
          api: 'downloadFile',
          method: 'GET',
          url: String(item.tempFileURL),
          headers: {},
          redirect: 'follow',
          controller: ctx.controller,
        });
        if (res.statusCode !== 200) {
          res.discard();
          throw new CloudFail('SYS_ERR', `download status ${res.statusCode}`);
        }
        const lengthIdx = res.rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length');
        const expected = lengthIdx >= 0 ? Number(res.rawHeaders[lengthIdx + 1]) : 0;
        const typeIdx = res.rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type');
        target = net.downloadTarget(
          undefined,
          DeviceNetwork.extensionFor(new URL(String(item.tempFileURL)).pathname, typeIdx >= 0 ? res.rawHeaders[typeIdx + 1] : undefined),
        );
        await receiveDownload(net, res.body, target, ctx, progress, expected);
        const out = target;
        out.commit();
        target = undefined;
        return { tempFilePath: out.wxPath, statusCode: 200 };
      } catch (err) {
        if (err instanceof NetworkError && ctx.settled) throw err;
        throw cloudApiError(err);
      } finally {
        target?.discard();
      }
    });
    return { control, task: transferTask(control, progress, headersReceived) };
  });

  cloud.database = (config?: unknown) => {
    if (config !== undefined && !isPlainObject(config))
      throw new host.realm.Error('cloud.database:fail parameter error: config should be Object');
    const env = envFor(state, 'database', config);
    return createDatabase(host, state, env);
  };

  /** `wx.cloud.CloudID(cloudID)`: marks an open-data cloudID so callFunction resolves it (resolution not modelled). */
  function CloudID(this: unknown, cloudID: unknown) {
    if (typeof cloudID !== 'string' || !cloudID) throw new host.realm.Error('CloudID: cloudID should be a non-empty string');
    return { cloudID, __mpsim_type: 'CloudID' };
  }
  cloud.CloudID = CloudID;

  wx.cloud = cloud;
}

/**
 * wx.cloud.uploadFile / downloadFile: the task when a callback key is given; else a
 * promise of the result (the client returns a promise then, not a task).
 */
function taskOrPromise(
  host: RuntimeHost,
  name: string,
  start: (options: unknown) => { control: { abort(): void }; task: Record<string, unknown> },
): (options?: unknown) => unknown {
  return (options?: unknown) => {
    const P = host.realm.Promise;
    // no callbacks to call: the promise form's rejection, through the convention's delivery
    const rejected = (reason: string, extra: Record<string, unknown>) =>
      new P((_resolve, reject) => {
        const release = host.hold();
        void deliver(host, name, {}, { ok: false, reason, extra }).then(() => {
          release();
          reject(failResult(name, reason, extra));
        });
      });
    if (options !== undefined && !isPlainObject(options))
      return rejected(`parameter error: parameter should be Object instead of ${wxTypeName(options)};`, { errno: PARAM_ERRNO });
    let hasCallback: boolean;
    let opts: Record<string, unknown>;
    try {
      const o = (options ?? {}) as Record<string, unknown>;
      hasCallback = 'success' in o || 'fail' in o || 'complete' in o;
      opts = hasCallback ? o : { ...o };
    } catch (err) {
      // a Proxy whose traps throw, a throwing getter: a fail, never an exception
      return rejected(err instanceof Error ? err.message : String(err), {});
    }
    if (hasCallback) return start(options).task;
    return new P((resolve, reject) => {
      start({ ...opts, success: resolve, fail: reject });
    });
  };
}
