/**
 * The network family: wx.request, wx.uploadFile, wx.downloadFile (tasks over
 * the Device's network — simulator/network — never over node:http directly).
 */
import type { RuntimeHost } from '../host';
import { installDownload } from './download';
import { installRequest } from './request';
import { installUpload } from './upload';

export function installNetwork(host: RuntimeHost, wx: Record<string, unknown>): void {
  installRequest(host, wx);
  installUpload(host, wx);
  installDownload(host, wx);
}
