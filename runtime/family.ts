/**
 * Small helpers the API families added for the whole wx surface share:
 * realm-safe values, phone events delivered on a later turn (held, so
 * mpsim.idle() waits), listener pairs, and recorded no-op APIs.
 */
import { defineAsync, ListenerSet, type ParamRules } from './convention';
import type { RuntimeHost } from './host';
import { tag } from './kinds';
import { WX_METHODS } from './wx-catalog';

/** Whether the client promisifies `name` (from the typings' catalog). */
export function promisified(name: string): boolean {
  return WX_METHODS[name]?.promise === true;
}

/** Real timer captured at load: jest fake timers installed later do not stall events. */
const realSetImmediate = setImmediate;

/** A plain value handed to user code, made in its realm. */
export function inRealm<T>(host: RuntimeHost, value: T): T {
  return value === undefined ? value : (host.realm.JSON.parse(JSON.stringify(value)) as T);
}

/** Runs fn on a later turn, held (mpsim.idle() and `mpsim run` wait for it). */
export function later(host: RuntimeHost, fn: () => void): void {
  const release = host.hold();
  realSetImmediate(() => {
    try {
      fn();
    } finally {
      release();
    }
  });
}

/** Installs `wx.on<Event>` / `wx.off<Event>` over one ListenerSet and returns the set. */
export function listenerPair<T>(host: RuntimeHost, wx: Record<string, unknown>, event: string): ListenerSet<T> {
  const set = new ListenerSet<T>(host, `at on${event} callback function`);
  wx[`on${event}`] = (fn: unknown) => set.on(fn);
  wx[`off${event}`] = (fn?: unknown) => set.off(fn);
  host.device.onDispose(() => set.off());
  return set;
}

/** Emits to a listener set on a later turn with a realm copy of the event. */
export function emitLater<T>(host: RuntimeHost, set: ListenerSet<T>, event: T): void {
  if (set.size === 0) return;
  later(host, () => set.emit(inRealm(host, event)));
}

/**
 * Async APIs with nothing to simulate beyond acceptance: they validate, record the
 * call on the phone (`mpsim.phone.records`) and succeed with `payload`.
 */
export function recordedAsync(
  host: RuntimeHost,
  wx: Record<string, unknown>,
  specs: Record<string, { params?: ParamRules; promise?: boolean; payload?: (o: Record<string, unknown>) => Record<string, unknown> }>,
): void {
  for (const [name, spec] of Object.entries(specs)) {
    wx[name] = defineAsync(host, name, { params: spec.params, promise: spec.promise ?? promisified(name) }, (o) => {
      host.device.phone.record(name, [o]);
      return spec.payload ? spec.payload(o) : {};
    });
  }
  tag(wx, 'recorded', Object.keys(specs));
}

/** `parameter.x should be one of ...` for enum strings. */
export function oneOf(name: string, values: readonly string[]) {
  return {
    type: 'String' as const,
    check: (v: string) =>
      values.includes(v) ? undefined : `parameter error: parameter.${name} should be one of ${values.join('|')} instead of ${v};`,
  };
}
