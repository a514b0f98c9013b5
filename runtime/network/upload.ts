/**
 * wx.uploadFile → UploadTask (wx-api-semantics §1, cos-vod-protocol §1.3).
 *
 * Body: multipart/form-data, formData fields first in JS key order (strings as
 * is, objects as JSON, other values String(v); undefined skipped), then the one
 * file part named `name`, filename = basename of the path, Content-Type from the
 * extension. Boundary: `----mpsimFormBoundary<epoch ms><8 hex>` (the HIST client
 * used the epoch ms; the suffix avoids collisions). Exact Content-Length, the
 * file streamed from the sandbox (never buffered).
 *
 * Progress: `{progress, totalBytesSent, totalBytesExpectedToSend}` with totals
 * counting file bytes only, emitted as the transport consumes them and only
 * when the integer percent changes; the last one is 100.
 */
import { ListenerSet, type ParamRules } from '../convention';
import type { RuntimeHost } from '../host';
import { NetworkError } from '../../simulator/network';
import { bodyText, buildHeaders, checkUrl, responseHeaders, runTask, transferTask } from './common';

const PARAMS: ParamRules = {
  url: { type: 'String', required: true },
  filePath: { type: 'String', required: true },
  name: { type: 'String', required: true },
  header: { type: 'Object' },
  formData: { type: 'Object' },
  timeout: { type: 'Number' },
};

function formValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

export function installUpload(host: RuntimeHost, wx: Record<string, unknown>): void {
  wx.uploadFile = function uploadFile(options?: unknown) {
    const progress = new ListenerSet<unknown>(host, 'at UploadTask.onProgressUpdate callback function');
    const headersReceived = new ListenerSet<unknown>(host, 'at UploadTask.onHeadersReceived callback function');
    const control = runTask(host, 'uploadFile', options, PARAMS, async (o, ctx) => {
      checkUrl(host, o.url as string);
      const net = host.device.network;
      const fields: Array<[string, string]> = [];
      for (const [k, v] of Object.entries((o.formData as Record<string, unknown> | undefined) ?? {}))
        if (v !== undefined) fields.push([k, formValue(v)]);
      const boundary = `----mpsimFormBoundary${Date.now()}${Math.floor(Math.random() * 0xffffffff)
        .toString(16)
        .padStart(8, '0')}`;
      let lastEmitted = -1;
      let multipart: ReturnType<typeof net.multipartUpload>;
      try {
        multipart = net.multipartUpload({
          filePath: o.filePath,
          name: o.name as string,
          fields,
          boundary,
          onFileBytes: (sent, total) => {
            if (ctx.settled) return;
            const p = total > 0 ? Math.min(100, Math.floor((100 * sent) / total)) : 100;
            if (p === lastEmitted) return;
            lastEmitted = p;
            progress.emit({ progress: p, totalBytesSent: sent, totalBytesExpectedToSend: total });
          },
        });
      } catch {
        throw new NetworkError(net.rules.messages.fileNotFound);
      }
      const headers = buildHeaders(host, o.header);
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
      headers['Content-Type'] = multipart.contentType;
      const releaseSlot = await net.acquire('uploadFile', ctx.controller.signal);
      try {
        ctx.startTimer();
        const res = await net.exchange({
          api: 'uploadFile',
          method: 'POST',
          url: o.url as string,
          headers,
          body: multipart.body,
          redirect: 'follow',
          controller: ctx.controller,
        });
        const { header, cookies } = responseHeaders(host, res.rawHeaders);
        headersReceived.emit({ header });
        return { data: bodyText(await res.readAll()), statusCode: res.statusCode, header, cookies };
      } finally {
        releaseSlot();
      }
    });
    return transferTask(control, progress, headersReceived);
  };
}
