/**
 * The create*Context family and the other objects the client hands out
 * (audio, video, map, camera, canvas, live player, background audio, recorder,
 * log managers, performance, ads, ...). Each object has every member its
 * typings interface declares (runtime/wx-catalog.ts): method calls are recorded
 * (`mpsim.phone.records`, target `<Interface>#<n>`), async members succeed
 * through the calling convention, on/off members register listeners, and
 * `mpsim.phone.contexts` lets a test fire any event (`ctx.emit('Ended')`).
 *
 * InnerAudioContext / BackgroundAudioManager / the audio player also behave:
 * play → Canplay (first time) + Play, pause → Pause, stop → Stop,
 * seek(t) → Seeking + Seeked, with `paused` / `currentTime` kept.
 */
import { ApiError, defineAsync, ListenerSet, throwSync } from './convention';
import { inRealm, later } from './family';
import type { RuntimeHost } from './host';
import { tag } from './kinds';
import { WX_INTERFACES, WX_METHODS } from './wx-catalog';

/** A handed-out object as tests see it (`mpsim.phone.contexts`). */
export interface ContextHandle {
  /** `InnerAudioContext#1`. */
  readonly id: string;
  readonly type: string;
  /** The object mini-program code holds. */
  readonly object: Record<string, unknown>;
  /** Fires `on<event>` listeners (e.g. `emit('Ended')`, `emit('Error', { errMsg, errCode })`). */
  emit(event: string, arg?: unknown): void;
}

export type ObjectMode = 'recorded' | 'unsupported';

/** The reason every member of an unsupported object fails with (see runtime/unsupported.ts). */
export const NOT_SUPPORTED = 'not support';

let serial = 0;

/**
 * Builds an object with every member of typings interface `iface`. `recorded`:
 * calls are recorded and succeed; `unsupported`: async members fail with
 * NOT_SUPPORTED, sync members throw it, listeners never fire.
 */
export function buildObject(host: RuntimeHost, iface: string, mode: ObjectMode, contexts?: ContextHandle[]): ContextHandle {
  const members = WX_INTERFACES[iface] ?? {};
  const id = `${iface}#${++serial}`;
  const phone = host.device.phone;
  const object: Record<string, unknown> = {};
  const events = new Map<string, ListenerSet<unknown>>();
  const eventSet = (e: string) => {
    let set = events.get(e);
    if (!set) events.set(e, (set = new ListenerSet<unknown>(host, `at ${iface}.on${e} callback function`)));
    return set;
  };
  for (const [name, m] of Object.entries(members)) {
    if (m.style === 'listener') {
      const on = name.startsWith('on');
      const e = name.slice(on ? 2 : 3);
      object[name] = (fn?: unknown) => (on ? eventSet(e).on(fn) : eventSet(e).off(fn));
    } else if (m.style === 'async') {
      object[name] = defineAsync(host, name, { promise: m.promise === true }, (o) => {
        phone.record(`${iface}.${name}`, [o], id);
        if (mode === 'unsupported') throw new ApiError(NOT_SUPPORTED);
        return {};
      });
    } else {
      object[name] = (...args: unknown[]) => {
        phone.record(`${iface}.${name}`, args, id);
        if (mode === 'unsupported') {
          if (m.returnsPromise) return host.realm.Promise.reject({ errMsg: `${name}:fail ${NOT_SUPPORTED}` });
          throwSync(host, name, NOT_SUPPORTED);
        }
        return m.returnsPromise ? host.realm.Promise.resolve() : undefined;
      };
    }
  }
  const handle: ContextHandle = {
    id,
    type: iface,
    object,
    emit: (event, arg) => {
      const set = events.get(event);
      if (set && set.size) later(host, () => set.emit(inRealm(host, arg ?? {})));
    },
  };
  contexts?.push(handle);
  return handle;
}

/** Audio state and events on top of the recorded object. */
function audioBehaviour(handle: ContextHandle): void {
  const o = handle.object;
  const recordedCall = (name: string) => o[name] as ((...a: unknown[]) => unknown) | undefined;
  let canplaySent = false;
  const state = { paused: true, currentTime: 0 };
  for (const k of [
    'src',
    'startTime',
    'autoplay',
    'loop',
    'obeyMuteSwitch',
    'volume',
    'playbackRate',
    'referrerPolicy',
    'title',
    'epname',
    'singer',
    'coverImgUrl',
    'webUrl',
    'protocol',
  ]) {
    if (!(k in o))
      o[k] =
        k === 'volume' || k === 'playbackRate'
          ? 1
          : k === 'startTime'
            ? 0
            : k === 'autoplay' || k === 'loop'
              ? false
              : k === 'obeyMuteSwitch'
                ? true
                : '';
  }
  Object.defineProperty(o, 'paused', { get: () => state.paused, enumerable: true });
  Object.defineProperty(o, 'currentTime', { get: () => state.currentTime, enumerable: true });
  Object.defineProperty(o, 'duration', { get: () => 0, enumerable: true });
  Object.defineProperty(o, 'buffered', { get: () => 0, enumerable: true });
  const wrap = (name: string, after: (...a: unknown[]) => void) => {
    const original = recordedCall(name);
    if (!original) return;
    o[name] = (...args: unknown[]) => {
      const r = original(...args);
      after(...args);
      return r;
    };
  };
  wrap('play', () => {
    if (!canplaySent) {
      canplaySent = true;
      handle.emit('Canplay');
    }
    state.paused = false;
    handle.emit('Play');
  });
  wrap('pause', () => {
    state.paused = true;
    handle.emit('Pause');
  });
  wrap('stop', () => {
    state.paused = true;
    state.currentTime = 0;
    handle.emit('Stop');
  });
  wrap('seek', (pos) => {
    handle.emit('Seeking');
    if (typeof pos === 'number' && pos >= 0) state.currentTime = pos;
    handle.emit('Seeked');
  });
}

/** Factories whose objects are recorded (the rest of the factories are unsupported or built elsewhere). */
export const RECORDED_FACTORIES = [
  'createInnerAudioContext',
  'createAudioContext',
  'createVideoContext',
  'createMapContext',
  'createCameraContext',
  'createCanvasContext',
  'createLivePlayerContext',
  'createMediaContainer',
  'createInterstitialAd',
  'createRewardedVideoAd',
  'getBackgroundAudioManager',
  'getRecorderManager',
  'getLogManager',
  'getRealtimeLogManager',
  'getPerformance',
] as const;

const AUDIO = new Set(['InnerAudioContext', 'BackgroundAudioManager']);
/** One object per page for these (the client returns the same manager every time). */
const SINGLETONS = new Set(['getBackgroundAudioManager', 'getRecorderManager', 'getLogManager', 'getRealtimeLogManager', 'getPerformance']);

const contextLists = new WeakMap<object, ContextHandle[]>();

/** Every object the recorded factories handed out on this runtime (`mpsim.phone.contexts`). */
export function contextsOf(host: RuntimeHost): ContextHandle[] {
  let list = contextLists.get(host);
  if (!list) contextLists.set(host, (list = []));
  return list;
}

export function installContexts(host: RuntimeHost, wx: Record<string, unknown>): void {
  const contexts = contextsOf(host);
  const singletons = new Map<string, Record<string, unknown>>();
  for (const name of RECORDED_FACTORIES) {
    const iface = WX_METHODS[name]?.returns;
    if (!iface) continue;
    wx[name] = (...args: unknown[]) => {
      if (SINGLETONS.has(name) && singletons.has(name)) return singletons.get(name);
      const handle = buildObject(host, iface, 'recorded', contexts);
      host.device.phone.record(name, args, handle.id);
      if (AUDIO.has(iface)) audioBehaviour(handle);
      if (iface === 'RewardedVideoAd' || iface === 'InterstitialAd') handle.emit('Load');
      if (SINGLETONS.has(name)) singletons.set(name, handle.object);
      return handle.object;
    };
  }
  tag(
    wx,
    'recorded',
    RECORDED_FACTORIES.filter((n) => typeof wx[n] === 'function'),
  );
}
