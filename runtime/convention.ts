/**
 * The one calling convention every `wx` API goes through (DESIGN principle 6).
 *
 *   validation → `<api>:fail parameter error: parameter.<name> should be <T> instead of <U>;`
 *   success    → `{ errMsg: '<api>:ok', ...payload }`
 *   failure    → `{ errMsg: '<api>:fail <reason>', errno? }`
 *   delivery   → always asynchronous: `success` or `fail`, then `complete`
 *   promise    → returned only when none of success/fail/complete is a key of the
 *                options (presence of the key decides, as in the typings) and the
 *                API is promisifiable (request/uploadFile/downloadFile never are)
 *   sync APIs  → return the value or throw an Error whose message is the errMsg
 *
 * An exception thrown by a user callback never reaches the runtime: it is
 * reported the way the client reports a script error (console + App.onError).
 */
import { isPlainObject, wxTypeName, type Realm } from './realm';

/** What an API implementation throws to fail with a documented reason. */
export class ApiError extends Error {
  constructor(
    /** Text after `<api>:fail ` — e.g. `abort`, `no such file or directory wxfile://usr/a`. */
    readonly reason: string,
    /** Extra fields for the fail object, e.g. `{ errno: 1300002 }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/** errno the client attaches to parameter-type errors (wx-api-semantics §7). */
export const PARAM_ERRNO = 1001;

export type WxType = 'String' | 'Number' | 'Boolean' | 'Object' | 'Array' | 'Function' | 'ArrayBuffer';

export interface ParamRule {
  type: WxType | readonly WxType[];
  required?: boolean;
  /** Further check once the type is right: return a fail reason, or undefined when fine. */
  check?: (value: never) => string | undefined;
}
export type ParamRules = Record<string, ParamRule>;

function typeMatches(value: unknown, t: WxType): boolean {
  switch (t) {
    case 'String':
      return typeof value === 'string';
    case 'Number':
      return typeof value === 'number';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Function':
      return typeof value === 'function';
    case 'Array':
      return Array.isArray(value);
    case 'ArrayBuffer':
      return wxTypeName(value) === 'ArrayBuffer';
    case 'Object':
      return isPlainObject(value);
  }
}

/** The parameter-error reason (without `<api>:fail `) — one format for the whole runtime. */
export function paramErrorReason(name: string, expected: WxType | readonly WxType[], value: unknown): string {
  const exp = typeof expected === 'string' ? expected : expected.join('|');
  // `parameter.x should be String instead of Number;` — the trailing `;` follows the
  // copies in WeChat-compatible runtimes (UNCONFIRMED punctuation, research §7).
  return `parameter error: parameter.${name} should be ${exp} instead of ${wxTypeName(value)};`;
}

/** Checks one value against a rule; returns a fail reason or undefined. */
export function checkParam(name: string, rule: ParamRule, value: unknown): string | undefined {
  if (value === undefined) return rule.required ? paramErrorReason(name, rule.type, value) : undefined;
  const types = typeof rule.type === 'string' ? [rule.type] : rule.type;
  if (!types.some((t) => typeMatches(value, t))) return paramErrorReason(name, rule.type, value);
  return rule.check ? rule.check(value as never) : undefined;
}

/**
 * Longest array an "Array of …" parameter takes (mpsim's bound, UNCONFIRMED on the client:
 * far above any real use — 10 MB of storage cannot hold more keys — and small enough that
 * checking it element by element stays well under a millisecond-scale budget).
 */
export const MAX_ARRAY_PARAM = 10000;

/**
 * Element-wise check for an "Array of …" parameter: the length is bounded first (no
 * unbounded synchronous walk), then every index is read — holes included, which
 * `every`/`map` skip — and must pass `ok`. Returns the fail reason or undefined.
 */
export function arrayOf(
  name: string,
  what: string,
  ok: (v: unknown) => boolean,
  opts: { max?: number; nonEmpty?: boolean } = {},
): (list: unknown[]) => string | undefined {
  const max = opts.max ?? MAX_ARRAY_PARAM;
  return (list) => {
    if (list.length > max) return `parameter error: parameter.${name} should have at most ${max} items;`;
    const expected = `${opts.nonEmpty ? 'a non-empty Array' : 'Array'} of ${what}`;
    if (opts.nonEmpty && list.length === 0) return `parameter error: parameter.${name} should be ${expected};`;
    for (let i = 0; i < list.length; i++) if (!ok(list[i])) return `parameter error: parameter.${name} should be ${expected};`;
    return undefined;
  };
}

/** Validates an options object; returns the first fail reason or undefined. */
export function validateOptions(options: Record<string, unknown>, rules: ParamRules): string | undefined {
  for (const [name, rule] of Object.entries(rules)) {
    const reason = checkParam(name, rule, options[name]);
    if (reason) return reason;
  }
  return undefined;
}

export interface Callbacks {
  success?: unknown;
  fail?: unknown;
  complete?: unknown;
}

/**
 * The call-history and override hook (mpsim.calls / mpsim.override, `--verbose`).
 * Every API made by defineAsync/defineSync reports each call here once: `begin`
 * when called (it may hand back an override to run instead of the real
 * implementation — still inside this convention, so validation, errMsg,
 * callbacks and promises stay the client's), `end` with what the caller got.
 */
export interface ApiHooks {
  begin(name: string, args: readonly unknown[]): ApiCall;
  /** deliver() reports every outcome it hands to callbacks (for APIs not made by defineAsync, e.g. wx.request). */
  delivered?(name: string, callbacks: Callbacks, result: Record<string, unknown>, ok: boolean): void;
}

/** A user-supplied replacement: a function in place of the implementation, or a fixed result. */
export type ApiOverride = { impl: (...args: unknown[]) => unknown } | { result: unknown };

export interface ApiCall {
  readonly override?: ApiOverride;
  /** What the caller got: for async APIs the errMsg object, for sync ones the value (ok) or the thrown Error (not ok). */
  end(ok: boolean, result: unknown): void;
}

/** Marks functions made by this convention (they report to ApiHooks themselves). */
export const CONVENTION_API = Symbol.for('mpsim.conventionApi');

/**
 * What an async override produces. A function gets the options and returns (or
 * resolves to) the success payload, or throws to fail (message = reason); a
 * result — or what the function returned — whose `errMsg` reads `<x>:fail <reason>`
 * fails with that reason.
 */
async function runAsyncOverride(override: ApiOverride, options: unknown): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = 'impl' in override ? await override.impl(options) : override.result;
  } catch (err) {
    // an Error from the test's realm fails `instanceof Error`: its message is the reason
    const message = (err as { message?: unknown } | null)?.message;
    throw new ApiError(typeof message === 'string' ? message : String(err));
  }
  if (!isPlainObject(value)) return value === undefined ? {} : { result: value };
  const { errMsg, ...rest } = value;
  if (typeof errMsg === 'string') {
    const fail = /:fail ?([\s\S]*)$/.exec(errMsg);
    if (fail) throw new ApiError(fail[1], rest);
  }
  return rest;
}

/** Keeps `mpsim run` alive while work is pending and knows how to report script errors. */
export interface ConventionHost {
  readonly realm: Realm;
  /** Call history / overrides (absent: no recording). */
  readonly apiHooks?: ApiHooks;
  /** Reports an exception thrown by user code inside a callback (console + App.onError). */
  reportScriptError(error: unknown, where: string): void;
  /** Marks work in flight; the returned function ends it. */
  hold(): () => void;
  /** Set once the test file that owns this phone has finished: no callback reaches user code any more. */
  readonly callbacksStopped?: boolean;
}

export type Outcome = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string; extra?: Record<string, unknown> };

export function okResult(name: string, payload: Record<string, unknown>): Record<string, unknown> {
  return { errMsg: `${name}:ok`, ...payload };
}

export function failResult(name: string, reason: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // one line, whatever the reason's source
  return { errMsg: `${name}:fail ${reason.replace(/\s*[\r\n]+\s*/g, ' ')}`, ...extra };
}

/** Constructors whose messages are the JavaScript engine's own text, never a documented fail reason. */
const ENGINE_ERRORS = new Set(['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Turns anything an implementation threw into an Outcome. Unknown errors still become a
 * fail — with the reason `internal error`, never the engine's text ("Cannot read
 * properties of undefined", a multi-line "Converting circular structure to JSON"):
 * a documented error (ApiError, FsError, NetworkError…) is an Error subclass and keeps its
 * message, and so does a plain `Error` user code threw on purpose (a getter's own text).
 */
export function outcomeOfError(err: unknown): Outcome {
  if (err instanceof ApiError) return { ok: false, reason: err.reason, extra: err.extra };
  let name: unknown;
  let message: unknown;
  try {
    name = (Object.getPrototypeOf(err) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    message = (err as { message?: unknown }).message;
  } catch {
    return { ok: false, reason: 'internal error' };
  }
  if (typeof name !== 'string' || ENGINE_ERRORS.has(name) || typeof message !== 'string') return { ok: false, reason: 'internal error' };
  return { ok: false, reason: message };
}

/**
 * What the client accepts as an options object: anything whose type tag is Object —
 * a literal, a class instance, `Object.create(defaults)` (the client reads
 * `options.success` and every other field through the prototype chain, as any
 * property access does). Arrays, Maps, Dates… are not options objects.
 */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && wxTypeName(v) === 'Object';
}

/**
 * The options as the call saw them, read once at the call (the phone copies them across
 * its JS bridge): enumerable fields, own or inherited, plus every field the API reads
 * (`keys`) and the callbacks wherever they are on the chain. A getter is read once, so a
 * value cannot change between validation and use. The first error a getter or trap threw comes back with it.
 */
export function snapshotOptions(
  options: Record<string, unknown>,
  keys: Iterable<string> = [],
): { opts: Record<string, unknown>; error?: unknown } {
  const out: Record<string, unknown> = {};
  let error: unknown;
  let failed = false;
  // each field on its own: one throwing getter must not lose the callbacks beside it
  const read = (k: string) => {
    try {
      if (!(k in out) && k in options) out[k] = options[k];
    } catch (err) {
      if (!failed) [failed, error] = [true, err];
    }
  };
  let names: string[] = [];
  try {
    for (const k in options) names.push(k);
  } catch (err) {
    names = [];
    [failed, error] = [true, err];
  }
  for (const k of [...names, ...keys, 'success', 'fail', 'complete']) read(k);
  return failed ? { opts: out, error: error ?? new TypeError('unreadable') } : { opts: out };
}

/** Options whose reading threw (a Proxy's trap, a revoked Proxy, a getter): a parameter error, no engine text. */
export const UNREADABLE_OPTIONS: Outcome = {
  ok: false,
  reason: 'parameter error: parameter cannot be read;',
  extra: { errno: PARAM_ERRNO },
};

/** A getter's own `Error` keeps its text; an engine error (revoked Proxy…) is UNREADABLE_OPTIONS. */
export function unreadableOutcome(err: unknown): Outcome {
  const o = outcomeOfError(err);
  return !o.ok && o.reason !== 'internal error' ? o : UNREADABLE_OPTIONS;
}

/** Snapshot of the call's options (`{}` when not an options object) and, when part was unreadable, why. */
export function readOptions(options: unknown, keys: Iterable<string> = []): { opts: Record<string, unknown>; error?: unknown } {
  if (!isOptionsObject(options)) return { opts: {} };
  return snapshotOptions(options, keys);
}

/** Real timers captured at load: jest fake timers installed later do not stall delivery. */
const realSetImmediate = setImmediate;

export function invokeUserCallback(host: ConventionHost, fn: unknown, arg: unknown, where: string): void {
  if (typeof fn !== 'function' || host.callbacksStopped) return;
  try {
    fn(arg);
  } catch (err) {
    host.reportScriptError(err, where);
  }
}

/**
 * Delivers an outcome to success/fail/complete, asynchronously, in the client's order.
 * Returns a promise that settles once the callbacks have run.
 */
export function deliver(host: ConventionHost, name: string, callbacks: Callbacks, outcome: Outcome): Promise<void> {
  const release = host.hold();
  return new Promise<void>((resolve) => {
    realSetImmediate(() => {
      try {
        const result = outcome.ok ? okResult(name, outcome.payload) : failResult(name, outcome.reason, outcome.extra);
        host.apiHooks?.delivered?.(name, callbacks, result, outcome.ok);
        if (outcome.ok) invokeUserCallback(host, callbackOf(callbacks, 'success'), result, `at api ${name} success callback function`);
        else invokeUserCallback(host, callbackOf(callbacks, 'fail'), result, `at api ${name} fail callback function`);
        invokeUserCallback(host, callbackOf(callbacks, 'complete'), result, `at api ${name} complete callback function`);
      } finally {
        release();
        resolve();
      }
    });
  });
}

function usesCallbacks(options: Record<string, unknown>): boolean {
  try {
    return 'success' in options || 'fail' in options || 'complete' in options;
  } catch {
    return false; // a Proxy whose `has` trap throws: promise style, which then fails
  }
}

/** Reads a callback off the options; a throwing getter counts as no callback. */
function callbackOf(callbacks: Callbacks, key: keyof Callbacks): unknown {
  try {
    return callbacks[key];
  } catch {
    return undefined;
  }
}

export interface AsyncApiSpec {
  params?: ParamRules;
  /** false for APIs the client never promisifies (research §6). Default true. */
  promise?: boolean;
}

/**
 * Defines an asynchronous `wx.<name>(options)` API. `impl` gets validated options and
 * returns (or resolves to) the success payload; it throws ApiError to fail.
 */
export function defineAsync<O extends Record<string, unknown> = Record<string, unknown>>(
  host: ConventionHost,
  name: string,
  spec: AsyncApiSpec,
  impl: (options: O) => Promise<Record<string, unknown>> | Record<string, unknown>,
): (options?: unknown) => unknown {
  const promisify = spec.promise !== false;
  const keys = Object.keys(spec.params ?? {});
  const wxApi = function wxApi(options?: unknown): unknown {
    const { opts, error: unreadable } = readOptions(options, keys);
    const callbackMode = !promisify || usesCallbacks(opts);
    const call = host.apiHooks?.begin(name, [options]);
    const override = call?.override;
    const run = async (): Promise<Outcome> => {
      if (unreadable !== undefined) return unreadableOutcome(unreadable);
      if (options !== undefined && !isOptionsObject(options)) {
        return {
          ok: false,
          reason: `parameter error: parameter should be Object instead of ${wxTypeName(options)};`,
          extra: { errno: PARAM_ERRNO },
        };
      }
      try {
        // inside the try: an options getter that throws ends in a fail, not an unhandled rejection
        const bad = spec.params ? validateOptions(opts, spec.params) : undefined;
        if (bad) return { ok: false, reason: bad, extra: { errno: PARAM_ERRNO } };
        return { ok: true, payload: override ? await runAsyncOverride(override, options) : await impl(opts as O) };
      } catch (err) {
        return outcomeOfError(err);
      }
    };
    const recorded = (outcome: Outcome): Outcome => {
      call?.end(outcome.ok, outcome.ok ? okResult(name, outcome.payload) : failResult(name, outcome.reason, outcome.extra));
      return outcome;
    };
    // Held until the callbacks have run, so mpsim.idle() and `mpsim run` see the whole call.
    const release = host.hold();
    if (callbackMode) {
      void run()
        .then(recorded)
        .then((outcome) => deliver(host, name, opts, outcome))
        .finally(release);
      return undefined;
    }
    const P = host.realm.Promise;
    return new P((resolve, reject) => {
      void run()
        .then(recorded)
        .then((outcome) =>
          deliver(host, name, {}, outcome).then(() => {
            if (outcome.ok) resolve(okResult(name, outcome.payload));
            else reject(failResult(name, outcome.reason, outcome.extra));
          }),
        )
        .finally(release);
    });
  };
  Object.defineProperty(wxApi, CONVENTION_API, { value: true });
  return wxApi;
}

/** Throws the realm's Error with the errMsg as message (and errno when known). */
export function throwSync(host: ConventionHost, name: string, reason: string, extra: Record<string, unknown> = {}): never {
  const err = new host.realm.Error(`${name}:fail ${reason}`) as Error & Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) err[k] = v;
  throw err;
}

/** Positional parameter for `*Sync` APIs, e.g. `readFileSync(filePath, encoding)`. */
export interface PositionalParam extends ParamRule {
  name: string;
}

/**
 * Defines a synchronous API. Positional parameters are validated in order with the
 * same messages as the async form; failures throw.
 */
export function defineSync<A extends unknown[], R>(
  host: ConventionHost,
  name: string,
  params: readonly PositionalParam[],
  impl: (...args: A) => R,
): (...args: unknown[]) => R {
  const wxSyncApi = function wxSyncApi(...args: unknown[]): R {
    const call = host.apiHooks?.begin(name, args);
    try {
      const value = runSync(args, call?.override);
      call?.end(true, value);
      return value;
    } catch (err) {
      call?.end(false, err);
      throw err;
    }
  };
  const runSync = (args: unknown[], override: ApiOverride | undefined): R => {
    for (let i = 0; i < params.length; i++) {
      const reason = checkParam(params[i].name, params[i], args[i]);
      if (reason) throwSync(host, name, reason, { errno: PARAM_ERRNO });
    }
    try {
      if (override) {
        try {
          return ('impl' in override ? override.impl(...args) : override.result) as R;
        } catch (err) {
          // an Error from the test's realm fails `instanceof Error`: its message is the reason
          const message = (err as { message?: unknown } | null)?.message;
          throw new ApiError(typeof message === 'string' ? message : String(err));
        }
      }
      return impl(...(args as A));
    } catch (err) {
      const outcome = outcomeOfError(err);
      if (outcome.ok) throw err;
      throwSync(host, name, outcome.reason, outcome.extra);
    }
  };
  Object.defineProperty(wxSyncApi, CONVENTION_API, { value: true });
  return wxSyncApi;
}

/**
 * A set of listeners as the `on*`/`off*` pairs need: `off(fn)` removes that function,
 * `off()` without argument removes all of them.
 */
export class ListenerSet<T> {
  private readonly listeners: Array<(arg: T) => void> = [];

  constructor(
    private readonly host: ConventionHost,
    private readonly where: string,
  ) {}

  on(fn: unknown): void {
    if (typeof fn === 'function') this.listeners.push(fn as (arg: T) => void);
  }

  off(fn?: unknown): void {
    if (fn === undefined) {
      this.listeners.length = 0;
      return;
    }
    const i = this.listeners.indexOf(fn as (arg: T) => void);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  get size(): number {
    return this.listeners.length;
  }

  emit(arg: T): void {
    for (const fn of [...this.listeners]) invokeUserCallback(this.host, fn, arg, this.where);
  }
}
