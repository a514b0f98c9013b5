/**
 * The base of `wx`: `wx.env`, `wx.canIUse`, app-level error and rejection
 * listeners. canIUse answers from what this runtime really implements.
 */
import { defineSync } from './convention';
import type { RuntimeHost } from './host';
import { kindOf } from './kinds';

export function installBase(host: RuntimeHost, wx: Record<string, unknown>): void {
  wx.env = { USER_DATA_PATH: host.device.userDataPath };

  wx.onError = (fn: unknown) => {
    if (typeof fn === 'function') host.addErrorListener(fn as (a: unknown) => void);
  };
  wx.offError = (fn?: unknown) => host.removeErrorListener(typeof fn === 'function' ? (fn as (a: unknown) => void) : undefined);
  wx.onUnhandledRejection = (fn: unknown) => {
    if (typeof fn === 'function') host.addRejectionListener(fn as (a: unknown) => void);
  };
  wx.offUnhandledRejection = (fn?: unknown) =>
    host.removeRejectionListener(typeof fn === 'function' ? (fn as (a: unknown) => void) : undefined);

  /**
   * `wx.canIUse(schema)`: `${API}.${method}.${param}.${option}` or a class member
   * like `UploadTask.onProgressUpdate`. We answer true when the first segment is an
   * API or class this runtime implements (for APIs: a function on `wx`; for the
   * task classes: the ones we return). Deeper segments are not modelled (true when
   * the API exists), which is what a current client answers for the options we accept.
   * APIs of kind `unsupported` (runtime/unsupported.ts) answer false: present, but
   * this phone lacks the capability.
   */
  const classes: Record<string, string[]> = {
    UploadTask: ['abort', 'onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived'],
    DownloadTask: ['abort', 'onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived'],
    RequestTask: ['abort', 'onHeadersReceived', 'offHeadersReceived', 'onChunkReceived', 'offChunkReceived'],
    console: ['log', 'info', 'warn', 'error', 'debug'],
  };
  wx.canIUse = defineSync(host, 'canIUse', [{ name: 'schema', type: 'String', required: true }], (schema: string) => {
    const [head, second] = schema.split('.');
    if (!head) return false;
    if (head in classes) return second === undefined || classes[head].includes(second);
    if (typeof wx[head] !== 'function') return false;
    // present for calling convenience, but this phone does not have it (runtime/unsupported.ts)
    if (kindOf(wx, head) === 'unsupported') return false;
    if (head === 'getFileSystemManager' && second && second !== 'return') return false;
    return true;
  });
}
