/**
 * App-level APIs: foreground/background (onAppShow/onAppHide driven by
 * `mpsim.phone.background()/foreground()`), launch and enter options, the update
 * manager (scripted update), nextTick, idle callbacks, the menu button's
 * rectangle for the simulated model, createAnimation (the client's
 * step()/export() data), base64 helpers, random values, experiment and ext
 * config, and the route events (accepted and recorded; the page engine owns routing).
 */
import { random } from '../simulator/host-services';
import type { LaunchOptions } from '../simulator/phone';
import { defineAsync, defineSync, ListenerSet, throwSync } from './convention';
import { emitLater, inRealm, later, listenerPair, recordedAsync } from './family';
import type { RuntimeHost } from './host';
import { tag } from './kinds';

/**
 * The capsule (menu button) rectangle. The client's numbers: 87×32 px, 7 px from
 * the right edge; its top is 4 px under the status bar on iOS and 8 px on Android
 * (UNCONFIRMED per model; `mpsim.phone.menuButton` overrides).
 */
export function menuButtonRect(system: { platform: string; statusBarHeight: number; screenWidth: number }) {
  const width = 87;
  const height = 32;
  const top = system.statusBarHeight + (system.platform === 'ios' ? 4 : 8);
  const right = system.screenWidth - 7;
  return { width, height, top, right, bottom: top + height, left: right - width };
}

const STYLE_PROPS = ['opacity', 'backgroundColor', 'width', 'height', 'top', 'left', 'bottom', 'right'] as const;
const TRANSFORMS: Record<string, number> = {
  rotate: 1,
  rotateX: 1,
  rotateY: 1,
  rotateZ: 1,
  rotate3d: 4,
  scale: 2,
  scaleX: 1,
  scaleY: 1,
  scaleZ: 1,
  scale3d: 3,
  translate: 2,
  translateX: 1,
  translateY: 1,
  translateZ: 1,
  translate3d: 3,
  skew: 2,
  skewX: 1,
  skewY: 1,
  matrix: 6,
  matrix3d: 16,
};

/**
 * wx.createAnimation: chained calls collect `animates` ({ type, args }) until
 * step(), which closes a group with its transition; export() hands the groups to
 * an `animation` attribute as `{ actions: [...] }` and starts afresh. Lengths given
 * as numbers get `px` (style properties), as the base library does.
 */
function createAnimation(defaults: Record<string, unknown>) {
  const base = {
    duration: typeof defaults.duration === 'number' ? defaults.duration : 400,
    timingFunction: typeof defaults.timingFunction === 'string' ? defaults.timingFunction : 'linear',
    delay: typeof defaults.delay === 'number' ? defaults.delay : 0,
    transformOrigin: typeof defaults.transformOrigin === 'string' ? defaults.transformOrigin : '50% 50% 0',
  };
  let actions: Array<{ animates: Array<{ type: string; args: unknown[] }>; option: Record<string, unknown> }> = [];
  let current: Array<{ type: string; args: unknown[] }> = [];
  const anim: Record<string, unknown> = {};
  for (const prop of STYLE_PROPS) {
    anim[prop] = (value: unknown) => {
      const v = typeof value === 'number' && prop !== 'opacity' ? `${value}px` : value;
      current.push({ type: 'style', args: [prop, v] });
      return anim;
    };
  }
  for (const [t, n] of Object.entries(TRANSFORMS)) {
    anim[t] = (...args: unknown[]) => {
      current.push({ type: t, args: args.slice(0, n) });
      return anim;
    };
  }
  anim.step = (options: Record<string, unknown> = {}) => {
    const o = { ...base, ...(options && typeof options === 'object' ? options : {}) };
    actions.push({
      animates: current,
      option: {
        transformOrigin: o.transformOrigin,
        transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay },
      },
    });
    current = [];
    return anim;
  };
  anim.export = () => {
    const out = { actions };
    actions = [];
    return out;
  };
  return anim;
}

export function installApp(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;
  const phone = device.phone;

  const shows = listenerPair<LaunchOptions>(host, wx, 'AppShow');
  const hides = listenerPair<unknown>(host, wx, 'AppHide');
  const offs = [
    phone.on('appShow', (opts) => emitLater(host, shows, opts as LaunchOptions)),
    phone.on('appHide', () => emitLater(host, hides, {})),
  ];
  device.onDispose(() => offs.forEach((f) => f()));

  wx.getLaunchOptionsSync = defineSync(host, 'getLaunchOptionsSync', [], () => inRealm(host, phone.launchOptions));
  wx.getEnterOptionsSync = defineSync(host, 'getEnterOptionsSync', [], () => inRealm(host, phone.enterOptions ?? phone.launchOptions));

  wx.nextTick = defineSync(host, 'nextTick', [{ name: 'callback', type: 'Function', required: true }], (fn: () => void) => {
    const release = host.hold();
    queueMicrotask(() => {
      try {
        fn();
      } catch (err) {
        host.reportScriptError(err, 'at wx.nextTick callback function');
      } finally {
        release();
      }
    });
  });

  let idleId = 0;
  const idle = new Map<number, () => void>();
  wx.requestIdleCallback = defineSync(
    host,
    'requestIdleCallback',
    [{ name: 'callback', type: 'Function', required: true }],
    (fn: (d: unknown) => void) => {
      const id = ++idleId;
      const t = setTimeout(() => {
        idle.delete(id);
        try {
          fn({ didTimeout: false, timeRemaining: () => 50 });
        } catch (err) {
          host.reportScriptError(err, 'at wx.requestIdleCallback callback function');
        }
      }, 1);
      idle.set(id, () => clearTimeout(t));
      return id;
    },
  );
  wx.cancelIdleCallback = defineSync(host, 'cancelIdleCallback', [{ name: 'id', type: 'Number', required: true }], (id: number) => {
    idle.get(id)?.();
    idle.delete(id);
  });
  device.onDispose(() => idle.forEach((c) => c()));

  wx.getMenuButtonBoundingClientRect = defineSync(host, 'getMenuButtonBoundingClientRect', [], () =>
    inRealm(host, phone.menuButton ?? menuButtonRect(device.system)),
  );

  wx.createAnimation = defineSync(host, 'createAnimation', [{ name: 'option', type: 'Object' }], (o?: Record<string, unknown>) =>
    createAnimation(o ?? {}),
  );

  wx.arrayBufferToBase64 = defineSync(
    host,
    'arrayBufferToBase64',
    [{ name: 'arrayBuffer', type: 'ArrayBuffer', required: true }],
    (b: ArrayBuffer) => Buffer.from(new Uint8Array(b)).toString('base64'),
  );
  wx.base64ToArrayBuffer = defineSync(host, 'base64ToArrayBuffer', [{ name: 'base64', type: 'String', required: true }], (s: string) => {
    const bytes = Buffer.from(s, 'base64');
    const out = new host.realm.ArrayBuffer(bytes.length);
    new Uint8Array(out).set(bytes);
    return out;
  });
  wx.getRandomValues = defineAsync(
    host,
    'getRandomValues',
    {
      params: {
        length: {
          type: 'Number',
          required: true,
          check: (n: number) =>
            Number.isInteger(n) && n > 0 && n <= 1048576
              ? undefined
              : `parameter error: parameter.length should be an integer in 1..1048576 instead of ${n};`,
        },
      },
    },
    (o: { length: number }) => {
      const out = new host.realm.ArrayBuffer(o.length);
      new Uint8Array(out).set(random(o.length));
      return { randomValues: out };
    },
  );

  wx.getExptInfoSync = defineSync(host, 'getExptInfoSync', [{ name: 'keys', type: 'Array' }], (keys?: unknown[]) => {
    const all = phone.exptInfo;
    if (!keys) return inRealm(host, all);
    return inRealm(
      host,
      Object.fromEntries(keys.filter((k) => typeof k === 'string' && k in all).map((k) => [k as string, all[k as string]])),
    );
  });
  wx.getExtConfigSync = defineSync(host, 'getExtConfigSync', [], () => inRealm(host, phone.extConfig));
  wx.getExtConfig = defineAsync(host, 'getExtConfig', {}, () => ({ extConfig: phone.extConfig }));
  wx.getApiCategory = defineSync(host, 'getApiCategory', [], () => phone.launchOptions.apiCategory);
  listenerPair<unknown>(host, wx, 'ApiCategoryChange');
  wx.getRendererUserAgent = defineAsync(host, 'getRendererUserAgent', { promise: false }, () => ({
    userAgent: `Mozilla/5.0 (Linux; ${device.system.system}; ${device.system.model}) MicroMessenger/${device.system.version} MiniProgramEnv/android mpsim`,
  }));
  wx.getSkylineInfo = defineAsync(host, 'getSkylineInfo', { promise: false }, () => ({
    isSupported: false,
    reason: 'mpsim renders with the WebView model',
  }));
  wx.getSkylineInfoSync = defineSync(host, 'getSkylineInfoSync', [], () =>
    inRealm(host, { isSupported: false, reason: 'mpsim renders with the WebView model' }),
  );

  // Update manager: the client checks for an update on launch; the scripted answer is phone.update.
  let updateManager: Record<string, unknown> | undefined;
  wx.getUpdateManager = defineSync(host, 'getUpdateManager', [], () => {
    if (updateManager) return updateManager;
    const check = new ListenerSet<{ hasUpdate: boolean }>(host, 'at UpdateManager.onCheckForUpdate callback function');
    const ready = new ListenerSet<unknown>(host, 'at UpdateManager.onUpdateReady callback function');
    const failed = new ListenerSet<unknown>(host, 'at UpdateManager.onUpdateFailed callback function');
    const script = phone.update;
    // Delivered after the listeners of this turn are attached.
    later(host, () => {
      check.emit(inRealm(host, { hasUpdate: script.hasUpdate }));
      if (script.hasUpdate) later(host, () => (script.ready ? ready.emit(inRealm(host, {})) : failed.emit(inRealm(host, {}))));
    });
    updateManager = {
      onCheckForUpdate: (fn: unknown) => check.on(fn),
      onUpdateReady: (fn: unknown) => ready.on(fn),
      onUpdateFailed: (fn: unknown) => failed.on(fn),
      applyUpdate: () => {
        if (!(script.hasUpdate && script.ready)) throwSync(host, 'applyUpdate', 'update is not ready');
        phone.record('UpdateManager.applyUpdate', []);
      },
    };
    return updateManager;
  });

  recordedAsync(host, wx, {
    exitMiniProgram: {},
    restartMiniProgram: { params: { path: { type: 'String', required: true } } },
    setEnableDebug: { params: { enableDebug: { type: 'Boolean', required: true } } },
    loadFontFace: { params: { family: { type: 'String', required: true }, source: { type: 'String', required: true } } },
    loadBuiltInFontFace: { promise: false },
    setBackgroundColor: {},
    setBackgroundTextStyle: { params: { textStyle: { type: 'String', required: true } } },
    setTopBarText: { params: { text: { type: 'String', required: true } } },
    setWindowSize: { promise: false },
    enableAlertBeforeUnload: { promise: false, params: { message: { type: 'String', required: true } } },
    disableAlertBeforeUnload: { promise: false },
    preDownloadSubpackage: { promise: false },
    preloadAssets: { promise: false },
    preloadSkylineView: { promise: false },
    preloadWebview: { promise: false },
    rewriteRoute: { promise: false },
    updateWeChatApp: {},
    getBackgroundFetchData: { params: { fetchType: { type: 'String', required: true } } },
    setBackgroundFetchToken: { params: { token: { type: 'String', required: true } } },
    getBackgroundFetchToken: {},
  });
  // Route and page-load events: accepted and kept; the page engine (runtime/page) owns navigation.
  const routeEvents = [
    'AppRoute',
    'AppRouteDone',
    'BeforeAppRoute',
    'BeforePageLoad',
    'AfterPageLoad',
    'BeforePageUnload',
    'AfterPageUnload',
    'PageNotFound',
    'LazyLoadError',
    'BackgroundFetchData',
    'WindowStateChange',
    'MenuButtonBoundingClientRectWeightChange',
    'EmbeddedMiniProgramHeightChange',
    'ParallelStateChange',
    'NetworkWeakChange',
    'AudioInterruptionBegin',
    'AudioInterruptionEnd',
  ];
  const routeNames: string[] = [];
  for (const e of routeEvents) {
    listenerPair<unknown>(host, wx, e);
    routeNames.push(`on${e}`, `off${e}`);
  }
  delete wx.offBackgroundFetchData; // no off in the typings
  routeNames.splice(routeNames.indexOf('offBackgroundFetchData'), 1);

  wx.postMessageToReferrerMiniProgram = defineSync(
    host,
    'postMessageToReferrerMiniProgram',
    [{ name: 'message', type: 'Object', required: true }],
    (m) => {
      phone.record('postMessageToReferrerMiniProgram', [m]);
    },
  );
  wx.postMessageToReferrerPage = defineSync(
    host,
    'postMessageToReferrerPage',
    [{ name: 'message', type: 'Object', required: true }],
    (m) => {
      phone.record('postMessageToReferrerPage', [m]);
    },
  );

  tag(wx, 'simulated', [
    'onAppShow',
    'offAppShow',
    'onAppHide',
    'offAppHide',
    'getLaunchOptionsSync',
    'getEnterOptionsSync',
    'nextTick',
    'requestIdleCallback',
    'cancelIdleCallback',
    'getMenuButtonBoundingClientRect',
    'createAnimation',
    'arrayBufferToBase64',
    'base64ToArrayBuffer',
    'getRandomValues',
    'getRendererUserAgent',
    'getSkylineInfo',
    'getSkylineInfoSync',
  ]);
  tag(wx, 'scripted', [
    'getUpdateManager',
    'getExptInfoSync',
    'getExtConfigSync',
    'getExtConfig',
    'getApiCategory',
    'onApiCategoryChange',
    'offApiCategoryChange',
  ]);
  tag(wx, 'recorded', [...routeNames, 'postMessageToReferrerMiniProgram', 'postMessageToReferrerPage']);
}
