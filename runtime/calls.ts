/**
 * Call history and overrides of the `wx` surface — what miniprogram-automator's
 * mockWxMethod/restoreWxMethod give, without DevTools:
 *
 *   mpsim.calls('getLocation')          every call: arguments, outcome, times
 *   mpsim.override('getLocation', fn | result)
 *   mpsim.restore('getLocation') / mpsim.restore()
 *
 * The convention (defineAsync/defineSync) reports its calls through ApiHooks and
 * runs an override in place of the implementation, so validation, errMsg,
 * success/fail/complete and promises stay the client's. Functions on `wx` not
 * made by the convention (wx.request and the other task APIs, onX/offX
 * listeners, factories) are wrapped once by `wrapPlain` when `wx` is assembled.
 * `--verbose` subscribes with `onEnd` and prints one line per call.
 */
import { formatValue } from '../simulator/host-services';
import { CONVENTION_API, deliver, type ApiCall, type ApiHooks, type ApiOverride, type Callbacks, type ConventionHost } from './convention';
import { isPlainObject } from './realm';

export interface CallRecord {
  /** The API's name (the errMsg prefix; FileSystemManager methods record under their own names). */
  name: string;
  /** The arguments as passed. */
  args: readonly unknown[];
  /** `pending` until the caller got its result; then `ok` or `fail`. */
  status: 'pending' | 'ok' | 'fail';
  /** Async APIs: the `{ errMsg, ... }` object the callbacks/promise got. Sync ones: the returned value or the thrown Error. */
  result?: unknown;
  /** True when an mpsim.override answered this call. */
  overridden: boolean;
  startedAt: number;
  endedAt?: number;
}

/** Records kept per Device (oldest dropped first): a long `mpsim run` stays bounded. */
const MAX_RECORDS = 10000;

/** APIs whose outcome reaches the caller through deliver() after the call returned its task. */
const TASK_APIS = new Set(['request', 'uploadFile', 'downloadFile', 'connectSocket']);

export class CallLog implements ApiHooks {
  private readonly records: CallRecord[] = [];
  private readonly overrides = new Map<string, ApiOverride>();
  private readonly endListeners = new Set<(r: CallRecord) => void>();
  /** Task-API records waiting for their deliver(), by options object. */
  private readonly awaiting: Array<{ record: CallRecord; options: unknown }> = [];

  constructor(private readonly host: ConventionHost) {}

  begin(name: string, args: readonly unknown[]): ApiCall {
    const override = this.overrides.get(name);
    const record: CallRecord = { name, args, status: 'pending', overridden: !!override, startedAt: Date.now() };
    this.push(record);
    return { override, end: (ok, result) => this.finish(record, ok, result) };
  }

  delivered(name: string, callbacks: Callbacks, result: Record<string, unknown>, ok: boolean): void {
    if (!TASK_APIS.has(name) || this.awaiting.length === 0) return;
    let i = this.awaiting.findIndex((a) => a.record.name === name && a.options === callbacks);
    if (i < 0) i = this.awaiting.findIndex((a) => a.record.name === name);
    if (i < 0) return;
    const [{ record }] = this.awaiting.splice(i, 1);
    this.finish(record, ok, result);
  }

  private push(record: CallRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS + 1000) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  private finish(record: CallRecord, ok: boolean, result: unknown): void {
    if (record.status !== 'pending') return;
    record.status = ok ? 'ok' : 'fail';
    record.result = result;
    record.endedAt = Date.now();
    for (const fn of this.endListeners) {
      try {
        fn(record);
      } catch {
        // a listener (e.g. --verbose printing) never breaks an API call
      }
    }
  }

  /** Calls of `name` (every call when omitted), oldest first — a snapshot. */
  calls(name?: string): CallRecord[] {
    return name === undefined ? [...this.records] : this.records.filter((r) => r.name === name);
  }

  /** Forgets the history (of `name`, or all). */
  clear(name?: string): void {
    if (name === undefined) this.records.length = 0;
    else for (let i = this.records.length - 1; i >= 0; i--) if (this.records[i].name === name) this.records.splice(i, 1);
  }

  override(name: string, implOrResult: unknown): void {
    if (typeof name !== 'string' || !name) throw new TypeError('mpsim.override: name must be a non-empty string (a wx API name)');
    this.overrides.set(
      name,
      typeof implOrResult === 'function' ? { impl: implOrResult as (...a: unknown[]) => unknown } : { result: implOrResult },
    );
  }

  restore(name?: string): void {
    if (name === undefined) this.overrides.clear();
    else this.overrides.delete(name);
  }

  /** Subscribes to finished calls (`--verbose`). Returns the unsubscribe function. */
  onEnd(fn: (r: CallRecord) => void): () => void {
    this.endListeners.add(fn);
    return () => this.endListeners.delete(fn);
  }

  /**
   * Wraps a function on `wx` that the convention did not make, so its calls are
   * recorded and can be overridden. A task API's record ends when its outcome is
   * delivered; an overridden task API with a result delivers that result through
   * the convention and returns a task whose methods do nothing.
   */
  wrapPlain(name: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    if ((fn as unknown as Record<symbol, unknown>)[CONVENTION_API]) return fn;
    const begin = (args: unknown[]) => this.begin(name, args);
    const records = this.records;
    const awaiting = this.awaiting;
    const host = this.host;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const call = begin(args);
      const record = records[records.length - 1];
      const ov = call.override;
      try {
        if (ov && 'result' in ov && TASK_APIS.has(name)) {
          const opts = isPlainObject(args[0]) ? args[0] : {};
          const value = ov.result;
          const failMatch = isPlainObject(value) && typeof value.errMsg === 'string' ? /:fail ?([\s\S]*)$/.exec(value.errMsg) : null;
          const { errMsg: _ignored, ...payload } = isPlainObject(value) ? value : { data: value };
          awaiting.push({ record, options: opts });
          void deliver(host, name, opts, failMatch ? { ok: false, reason: failMatch[1], extra: payload } : { ok: true, payload });
          return inertTask();
        }
        const value = ov ? ('impl' in ov ? ov.impl.apply(this, args) : ov.result) : fn.apply(this, args);
        if (TASK_APIS.has(name) && !ov) awaiting.push({ record, options: args[0] });
        else call.end(true, value);
        return value;
      } catch (err) {
        call.end(false, err);
        throw err;
      }
    };
    Object.defineProperty(wrapped, 'name', { value: name });
    return wrapped;
  }
}

/** What an overridden task API returns: the task's methods, doing nothing. */
function inertTask(): Record<string, () => void> {
  const noop = () => undefined;
  const task: Record<string, () => void> = {};
  for (const m of [
    'abort',
    'onHeadersReceived',
    'offHeadersReceived',
    'onProgressUpdate',
    'offProgressUpdate',
    'onChunkReceived',
    'offChunkReceived',
  ])
    task[m] = noop;
  for (const m of ['send', 'close', 'onOpen', 'onClose', 'onError', 'onMessage']) task[m] = noop;
  return task;
}

const logs = new WeakMap<object, CallLog>();

/** The CallLog of a runtime (created and hooked into the convention on first use). */
export function callLogOf(host: ConventionHost & { apiHooks?: ApiHooks }): CallLog {
  let log = logs.get(host);
  if (!log) {
    log = new CallLog(host);
    logs.set(host, log);
    host.apiHooks = log;
  }
  return log;
}

/** One readable line for a finished call (`mpsim run --verbose`). */
export function formatCall(r: CallRecord): string {
  const args = r.args.map(formatValue).join(', ');
  const ms = r.endedAt !== undefined ? ` ${r.endedAt - r.startedAt} ms` : '';
  const res = r.result instanceof Error ? r.result.message : formatValue(r.result);
  return `[wx] ${r.name}(${args}) → ${r.status}${r.overridden ? ' (override)' : ''} ${res}${ms}`;
}
