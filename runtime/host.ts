/**
 * RuntimeHost: what every API family of the runtime shares — the Device it runs
 * on, the realm it hands values to, the console it reports on, the count of
 * pending work (so `mpsim run` knows when a script is finished) and the app-level
 * hooks (App.onError, wx.onError, wx.onUnhandledRejection).
 */
import type { Device } from '../simulator/device';
import type { ApiHooks, ConventionHost } from './convention';
import type { Realm } from './realm';

export interface AppConfig {
  /** app.json `networkTimeout` (ms per API). */
  networkTimeout?: { request?: number; uploadFile?: number; downloadFile?: number; connectSocket?: number };
}

type Listener = (arg: unknown) => void;

export class RuntimeHost implements ConventionHost {
  private pending = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly errorListeners = new Set<Listener>();
  private readonly rejectionListeners = new Set<Listener>();
  /** Set by App() (pages work) — receives the same error strings the client gives App.onError. */
  appErrorHandler?: (message: string) => void;
  appRejectionHandler?: (res: { reason: unknown; promise: unknown }) => void;
  appConfig: AppConfig = {};
  /** Call history and overrides (runtime/calls.ts installs its CallLog here when `wx` is assembled). */
  apiHooks?: ApiHooks;
  /** Called when pending work goes 0 → 1 and 1 → 0 (mpsim run refs/unrefs a handle). */
  onBusyChange?: (busy: boolean) => void;

  constructor(
    readonly device: Device,
    readonly realm: Realm,
    readonly console: Console,
  ) {}

  hold(): () => void {
    if (this.pending++ === 0) this.onBusyChange?.(true);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.pending === 0) {
        this.onBusyChange?.(false);
        for (const w of this.idleWaiters.splice(0)) w();
      }
    };
  }

  /** Number of API calls and tasks still in flight. */
  get pendingCount(): number {
    return this.pending;
  }

  /** Resolves once no API call or task is in flight. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Reports an error thrown by mini-program code inside a callback. The client
   * prints `thirdScriptError` with the message, where it happened and the stack,
   * and forwards the same text to App.onError and wx.onError listeners.
   */
  reportScriptError(error: unknown, where: string): void {
    const err = error as { message?: unknown; stack?: unknown } | undefined;
    const message = err && typeof err.message === 'string' ? err.message : String(error);
    const stack = err && typeof err.stack === 'string' ? err.stack : '';
    const text = `${message};${where}\n${stack}`;
    this.console.error(`thirdScriptError\n${text}`);
    const deliver = (fn: Listener) => {
      try {
        fn(text);
      } catch (inner) {
        this.console.error('thirdScriptError\n', inner);
      }
    };
    if (this.appErrorHandler) deliver(this.appErrorHandler as Listener);
    for (const fn of this.errorListeners) deliver(fn);
  }

  /** An unhandled promise rejection in mini-program code: logged, never fatal (as on the phone). */
  reportUnhandledRejection(reason: unknown, promise: unknown): void {
    const handled = this.appRejectionHandler || this.rejectionListeners.size > 0;
    if (!handled) {
      // Errors from another realm (a jest test file's context) fail `instanceof Error`.
      const err = reason as { stack?: unknown; message?: unknown } | null;
      const detail =
        err && typeof err === 'object' && typeof err.stack === 'string'
          ? err.stack
          : err && typeof err === 'object' && typeof err.message === 'string'
            ? err.message
            : safeInspect(reason);
      this.console.error(`Uncaught (in promise) ${detail}`);
      return;
    }
    const res = { reason, promise };
    if (this.appRejectionHandler) this.appRejectionHandler(res);
    for (const fn of this.rejectionListeners) fn(res);
  }

  addErrorListener(fn: Listener): void {
    this.errorListeners.add(fn);
  }
  removeErrorListener(fn?: Listener): void {
    if (fn) this.errorListeners.delete(fn);
    else this.errorListeners.clear();
  }
  addRejectionListener(fn: Listener): void {
    this.rejectionListeners.add(fn);
  }
  removeRejectionListener(fn?: Listener): void {
    if (fn) this.rejectionListeners.delete(fn);
    else this.rejectionListeners.clear();
  }
}

function safeInspect(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}
