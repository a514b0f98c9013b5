/**
 * wx.downloadFile → DownloadTask (wx-api-semantics §2.2).
 *
 * GET, the body streamed to a fresh temp file (`tmp_<hex>.<ext>`, ext from the
 * URL path, else the Content-Type) or to `filePath` (user area only). Any status
 * is a success with `statusCode`. Bodies over `rules.downloadLimitBytes` (200 MB)
 * fail with `downloadFile:fail exceed max file size` (UNCONFIRMED text). A failed
 * or aborted download leaves no file behind.
 */
import { DeviceNetwork, NetworkError } from '../../simulator/network';
import { ListenerSet, type ParamRules } from '../convention';
import type { RuntimeHost } from '../host';
import { buildHeaders, checkUrl, receiveDownload, responseHeaders, runTask, transferTask } from './common';

const PARAMS: ParamRules = {
  url: { type: 'String', required: true },
  header: { type: 'Object' },
  timeout: { type: 'Number' },
  filePath: { type: 'String' },
};

export function installDownload(host: RuntimeHost, wx: Record<string, unknown>): void {
  wx.downloadFile = function downloadFile(options?: unknown) {
    const progress = new ListenerSet<unknown>(host, 'at DownloadTask.onProgressUpdate callback function');
    const headersReceived = new ListenerSet<unknown>(host, 'at DownloadTask.onHeadersReceived callback function');
    const control = runTask(host, 'downloadFile', options, PARAMS, async (o, ctx) => {
      const parsed = checkUrl(host, o.url as string);
      const net = host.device.network;
      // Check a given filePath before sending anything (FsError → its own reason).
      if (o.filePath !== undefined) host.device.paths.resolveWritable(o.filePath);
      const headers = buildHeaders(host, o.header);
      const releaseSlot = await net.acquire('downloadFile', ctx.controller.signal);
      let target: ReturnType<DeviceNetwork['downloadTarget']> | undefined;
      try {
        ctx.startTimer();
        const res = await net.exchange({
          api: 'downloadFile',
          method: 'GET',
          url: o.url as string,
          headers,
          redirect: 'follow',
          controller: ctx.controller,
        });
        const { header } = responseHeaders(host, res.rawHeaders);
        headersReceived.emit({ header });
        const lengthHeader = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-length')?.[1];
        const expected = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : 0;
        if (expected > net.rules.downloadLimitBytes) {
          res.discard();
          throw new NetworkError(net.rules.messages.downloadTooLarge);
        }
        const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
        target = net.downloadTarget(o.filePath, DeviceNetwork.extensionFor(parsed.pathAndQuery, contentType));
        await receiveDownload(net, res.body, target, ctx, progress, expected);
        const out = target;
        out.commit();
        target = undefined;
        return o.filePath !== undefined
          ? { filePath: o.filePath, statusCode: res.statusCode }
          : { tempFilePath: out.wxPath, statusCode: res.statusCode };
      } finally {
        releaseSlot();
        target?.discard();
      }
    });
    return transferTask(control, progress, headersReceived);
  };
}
