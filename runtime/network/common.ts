/**
 * What wx.request, wx.uploadFile and wx.downloadFile share: the task lifecycle
 * (validate → queue for a slot → timeout clock → exchange → deliver once),
 * WeChat's URL rules (https only, legal domains, routing), the forced Referer,
 * and response headers as a plain object.
 *
 * These APIs are never promisified (wx-api-semantics §1.1/§2.2): the call
 * returns its task at once and the outcome goes to success/fail/complete through
 * the calling convention's deliver().
 */
import { FsError } from '../../simulator/fs-error';
import { NetworkError, notRoutedReason, parseRawUrl, type DeviceNetwork, type NetworkApi, type RawUrl } from '../../simulator/network';
import { TaskController } from '../../simulator/network/abort';
import {
  ApiError,
  deliver,
  isOptionsObject,
  ListenerSet,
  outcomeOfError,
  PARAM_ERRNO,
  readOptions,
  unreadableOutcome,
  validateOptions,
  type Outcome,
  type ParamRules,
} from '../convention';
import type { RuntimeHost } from '../host';
import { isPlainObject, wxTypeName } from '../realm';

/** Why a task's AbortSignal fired. */
export class TaskAbort extends NetworkError {}

/** Everything an API body needs while its task runs. */
export interface TaskContext {
  /** The task's controller: its signal ends the slot wait and the exchange; the transport aborts it when the phone goes offline. */
  controller: TaskController;
  /** Starts the timeout clock (called once the task holds a slot). */
  startTimer(): void;
  /** True once the outcome has been decided (abort/timeout/finish). */
  readonly settled: boolean;
}

/**
 * Runs a task API: returns at once; `body` runs after validation and its result
 * (or thrown ApiError/NetworkError) is delivered exactly once. `abort()` on the
 * task object ends it with `<api>:fail abort`.
 */
export function runTask(
  host: RuntimeHost,
  api: NetworkApi,
  options: unknown,
  params: ParamRules,
  body: (opts: Record<string, unknown>, ctx: TaskContext) => Promise<Record<string, unknown>>,
): { abort(): void } {
  const { opts, error: unreadable } = readOptions(options, Object.keys(params));
  const release = host.hold();
  const controller = new TaskController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let decided: Outcome | undefined;
  let delivered = false;
  let bodyRunning = false;
  const deliverNow = () => {
    if (delivered || !decided) return;
    delivered = true;
    void deliver(host, api, opts, decided).finally(release);
  };
  // The first outcome wins. After an abort/timeout the body is given a moment to
  // unwind (close sockets, remove a half-written download) before fail is delivered,
  // so a fail callback never sees a file that is about to disappear.
  const decide = (outcome: Outcome) => {
    if (decided) return;
    decided = outcome;
    if (timer) clearTimeout(timer);
    if (!bodyRunning) deliverNow();
    else setTimeout(deliverNow, 1000).unref?.();
  };
  const ctx: TaskContext = {
    controller,
    startTimer() {
      const ms = timeoutFor(host, api, opts.timeout);
      // Past what a Node timer holds (2**31 - 1 ms, ~24.8 days; Node would clamp it to 1 ms
      // and fail at once) — Infinity included — no timeout clock runs: the task waits.
      if (ms <= MAX_TIMER_MS) timer = setTimeout(() => controller.abort(new TaskAbort(host.device.network.rules.messages.timeout)), ms);
    },
    get settled() {
      return decided !== undefined;
    },
  };
  controller.signal.addEventListener('abort', () => {
    const reason = controller.signal.reason as NetworkError;
    decide({ ok: false, reason: reason.reason, extra: reason.errno ? { errno: reason.errno } : {} });
  });
  // Validation and the body start on a later tick, so listeners attached right
  // after the call (uploadTask.onProgressUpdate) see every event.
  queueMicrotask(() => {
    if (decided) return;
    if (unreadable !== undefined) return decide(unreadableOutcome(unreadable));
    if (options !== undefined && !isOptionsObject(options)) {
      return decide({
        ok: false,
        reason: `parameter error: parameter should be Object instead of ${wxTypeName(options)};`,
        extra: { errno: PARAM_ERRNO },
      });
    }
    let bad: string | undefined;
    try {
      bad = validateOptions(opts, params);
    } catch (err) {
      return decide(outcomeOf(err)); // an options getter that throws: a fail, not an uncaught exception
    }
    if (bad) return decide({ ok: false, reason: bad, extra: { errno: PARAM_ERRNO } });
    bodyRunning = true;
    Promise.resolve()
      .then(() => body(opts, ctx))
      .then(
        (payload) => {
          bodyRunning = false;
          decide({ ok: true, payload });
          deliverNow();
        },
        (err) => {
          bodyRunning = false;
          decide(outcomeOf(err));
          deliverNow();
        },
      );
  });
  return {
    abort() {
      if (!decided) controller.abort(new TaskAbort('abort'));
    },
  };
}

function outcomeOf(err: unknown): Outcome {
  if (err instanceof NetworkError) return { ok: false, reason: err.reason, extra: err.errno ? { errno: err.errno } : {} };
  if (err instanceof FsError) return { ok: false, reason: err.message, extra: { errno: err.errno } };
  return outcomeOfError(err);
}

/** The longest delay a Node timer takes as given (longer ones fire after 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Per-call timeout (> 0), else app.json networkTimeout, else the rules' default (60 s). */
export function timeoutFor(host: RuntimeHost, api: NetworkApi, perCall: unknown): number {
  if (typeof perCall === 'number' && perCall > 0) return perCall;
  const app = host.appConfig.networkTimeout?.[api];
  if (typeof app === 'number' && app > 0) return app;
  return host.device.network.rules.timeoutMs;
}

/** Applies WeChat's URL rules; returns the parsed URL or throws ApiError. */
export function checkUrl(host: RuntimeHost, url: string): RawUrl {
  const net = host.device.network;
  const parsed = parseRawUrl(url);
  if (!parsed) throw new ApiError('invalid url', { errno: 600009 });
  if (!('hostname' in parsed)) throw new ApiError('url scheme is invalid', { errno: 600009 });
  if (parsed.scheme === 'http' && net.rules.httpsOnly) throw new ApiError('url scheme is invalid', { errno: 600009 });
  if (!net.isRouted(parsed.hostname)) throw new NetworkError(notRoutedReason(parsed.hostname), 600001);
  if (!net.isLegalDomain(parsed.hostname)) throw new ApiError('url not in domain list', { errno: 600002 });
  return parsed;
}

/** `https://servicewechat.com/{appid}/{version}/page-frame.html` (wx-api-semantics §1.5). */
export function refererOf(host: RuntimeHost): string {
  const s = host.device.system;
  const version = s.platform === 'devtools' ? 'devtools' : s.envVersion === 'release' ? s.appVersion || '0' : '0';
  return `https://servicewechat.com/${s.appId}/${version}/page-frame.html`;
}

/**
 * Request headers from the user's `header`: values stringified, `Referer` and
 * `Content-Length` dropped (the client owns them), then the forced Referer.
 */
export function buildHeaders(host: RuntimeHost, header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(header)) {
    for (const [k, v] of Object.entries(header)) {
      if (v === undefined || v === null) continue;
      if (/^(referer|content-length|host)$/i.test(k)) continue;
      if (!/^[!#$%&'*+.^_`|~0-9a-zA-Z-]+$/.test(k)) continue;
      const value = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      out[k] = value.replace(/[\r\n]/g, ' ');
    }
  }
  out.Referer = refererOf(host);
  return out;
}

/** Case-insensitive header lookup → [key, value] or undefined. */
export function findHeader(headers: Record<string, string>, name: string): [string, string] | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === n) return [k, v];
  return undefined;
}

/**
 * Response headers as the client gives them: a plain object of the test realm
 * (SDKs walk it with for…in + hasOwnProperty), names as the server sent them,
 * repeated headers joined with `, `; Set-Cookie values also returned as `cookies`.
 */
export function responseHeaders(host: RuntimeHost, raw: readonly string[]): { header: Record<string, string>; cookies: string[] } {
  // Built with the user realm's constructors (SDKs check `instanceof Object`/`Array`).
  const realm = host.realm;
  const plain = new realm.Object() as Record<string, string>;
  const lowerToKey = new Map<string, string>();
  const cookies = new realm.Array<string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') cookies.push(value);
    const key = lowerToKey.get(lower);
    if (key === undefined) lowerToKey.set(lower, name);
    const k = key ?? name;
    const v = key === undefined ? value : `${plain[key]}, ${value}`;
    // a header named `__proto__` is an own property, not a prototype swap
    if (k === '__proto__') Object.defineProperty(plain, k, { value: v, enumerable: true, writable: true, configurable: true });
    else plain[k] = v;
  }
  return { header: plain, cookies };
}

/** UTF-8 text of a body with exactly one leading BOM removed (wx-api-semantics §1.5). */
export function bodyText(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Integer percent; emits only on change (wx-api-semantics §1.4). */
export function percentTracker(emit: (percent: number) => void): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const p = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 100;
    if (p !== last) {
      last = p;
      emit(p);
    }
  };
}

/**
 * Streams a download's body into `target` with DownloadTask progress events: integer percents
 * while the length is known, then one final event when it was unknown (or the body differed).
 * Throws the abort error when the task settled meanwhile. Used by wx.downloadFile and
 * wx.cloud.downloadFile. Returns the bytes written.
 */
export async function receiveDownload(
  net: DeviceNetwork,
  body: AsyncIterable<Buffer>,
  target: ReturnType<DeviceNetwork['downloadTarget']>,
  ctx: { readonly settled: boolean },
  progress: ListenerSet<unknown>,
  expected: number,
): Promise<number> {
  let written = 0;
  const track = percentTracker((p) => progress.emit({ progress: p, totalBytesWritten: written, totalBytesExpectedToWrite: expected }));
  await net.writeBody(body, target, net.rules.downloadLimitBytes, (n) => {
    written = n;
    if (!ctx.settled && expected > 0) track(n, expected);
  });
  if (ctx.settled) throw new NetworkError('abort');
  // Unknown length: one final event once the body is complete.
  if (expected === 0 || written !== expected)
    progress.emit({ progress: 100, totalBytesWritten: written, totalBytesExpectedToWrite: expected || written });
  return written;
}

/**
 * The task object UploadTask and DownloadTask share: abort, progress and header
 * listeners (`off*()` without an argument removes all). Nothing else: Taro's
 * `progress(cb)` lives on the promise Taro's own wrapper returns, not on `wx`'s
 * task (on a phone `wx.uploadFile(...).progress` is undefined; issue 13 item 22).
 */
export function transferTask(
  control: { abort(): void },
  progress: ListenerSet<unknown>,
  headersReceived: ListenerSet<unknown>,
): Record<string, (fn?: unknown) => unknown> {
  return {
    abort: () => control.abort(),
    onProgressUpdate: (fn: unknown) => progress.on(fn),
    offProgressUpdate: (fn?: unknown) => progress.off(fn),
    onHeadersReceived: (fn: unknown) => headersReceived.on(fn),
    offHeadersReceived: (fn?: unknown) => headersReceived.off(fn),
  };
}
