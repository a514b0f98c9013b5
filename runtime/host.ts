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
  /**
   * Set by the jest environment when the file's tests are done (jest's console is frozen then):
   * wx callbacks still pending never reach user code (nothing fires into a finished test file).
   */
  callbacksStopped = false;
  /** Script errors reported so far (`mpsim run` exits 1 when any was). */
  scriptErrors = 0;
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
    this.scriptErrors++;
    const { message, stack } = describeThrown(error);
    const text = `${message};${String(where)}\n${stack}`;
    this.safeConsoleError(`thirdScriptError\n${text}`);
    if (this.appErrorHandler) this.deliverReport(this.appErrorHandler as Listener, text);
    for (const fn of [...this.errorListeners]) this.deliverReport(fn, text);
  }

  /**
   * An unhandled promise rejection in mini-program code: logged, never fatal (as on the phone).
   * Listeners get `{ reason, promise }`; a listener that throws (`res.reason.message` when
   * reason is undefined) is reported as a script error, once, and never reaches the process.
   */
  reportUnhandledRejection(reason: unknown, promise: unknown): void {
    const handled = this.appRejectionHandler || this.rejectionListeners.size > 0;
    if (!handled) {
      const { message, stack } = describeThrown(reason, true);
      this.safeConsoleError(`Uncaught (in promise) ${stack || message}`);
      return;
    }
    const res = { reason, promise };
    if (this.appRejectionHandler) this.deliverReport(this.appRejectionHandler as Listener, res);
    for (const fn of [...this.rejectionListeners]) this.deliverReport(fn, res);
  }

  /** Calls one app-level listener; what it throws is printed, never rethrown (reporting never throws). */
  private deliverReport(fn: Listener, arg: unknown): void {
    try {
      fn(arg);
    } catch (inner) {
      const { message, stack } = describeThrown(inner);
      this.safeConsoleError(`thirdScriptError\n${message};at an error listener\n${stack}`);
    }
  }

  private safeConsoleError(text: string): void {
    try {
      this.console.error(text);
    } catch {
      // a console the script replaced may throw; reporting still must not
    }
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

/**
 * Message and stack of anything thrown or rejected, without ever throwing: an
 * `Object.create(null)` (no toString), a Proxy whose traps throw, a getter that
 * throws, a Symbol, a cyclic object. Errors from another realm count as errors.
 */
export function describeThrown(value: unknown, asJson = false): { message: string; stack: string } {
  const read = (key: string): unknown => {
    try {
      return value !== null && (typeof value === 'object' || typeof value === 'function')
        ? (value as Record<string, unknown>)[key]
        : undefined;
    } catch {
      return undefined;
    }
  };
  const message = read('message');
  const stack = read('stack');
  return {
    message: typeof message === 'string' ? message : asJson ? safeInspect(value) : safeString(value),
    stack: typeof stack === 'string' ? stack : '',
  };
}

/** A one-value description that never throws. */
export function safeInspect(v: unknown): string {
  try {
    if (typeof v === 'string') return v;
    const json = JSON.stringify(v);
    if (json !== undefined) return json;
  } catch {
    // cyclic, BigInt, throwing getter or trap
  }
  return safeString(v);
}

/** `String(v)`, or the type tag when that throws (no toString, throwing trap). */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    try {
      return `[${Object.prototype.toString.call(v).slice(8, -1)}]`;
    } catch {
      return '[unprintable value]';
    }
  }
}
