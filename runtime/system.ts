/**
 * System info and network status (wx-api-semantics §8.2–§8.4):
 *
 *   getSystemInfoSync / getSystemInfo (promisifiable) / getSystemInfoAsync,
 *   getDeviceInfo, getAppBaseInfo, getWindowInfo, getSystemSetting,
 *   getAppAuthorizeSetting, getAccountInfoSync — all from Device.system;
 *   getNetworkType (promisifiable), onNetworkStatusChange / offNetworkStatusChange
 *   — from Device.connectivity.
 *
 * Every call returns fresh objects (user code may mutate what it gets).
 */
import type { ConnectivityState } from '../simulator/connectivity';
import { safeAreaOf, type AuthorizeState, type SystemProfile } from '../simulator/system';
import { defineAsync, defineSync, ListenerSet } from './convention';
import type { RuntimeHost } from './host';

/** Real timer captured at load: jest fake timers installed later do not stall events. */
const realSetImmediate = setImmediate;

/** getSystemInfo reports authorizations as booleans (authorized or not). */
const granted = (s: AuthorizeState) => s === 'authorized';

function windowInfo(p: SystemProfile) {
  return {
    pixelRatio: p.pixelRatio,
    safeArea: safeAreaOf(p),
    screenHeight: p.screenHeight,
    screenTop: p.screenTop,
    screenWidth: p.screenWidth,
    statusBarHeight: p.statusBarHeight,
    windowHeight: p.windowHeight,
    windowWidth: p.windowWidth,
  };
}

function deviceInfo(p: SystemProfile) {
  return {
    abi: p.abi,
    benchmarkLevel: p.benchmarkLevel,
    brand: p.brand,
    cpuType: p.cpuType,
    deviceAbi: p.deviceAbi,
    memorySize: p.memorySize,
    model: p.model,
    platform: p.platform,
    system: p.system,
  };
}

function appBaseInfo(p: SystemProfile) {
  return {
    SDKVersion: p.SDKVersion,
    enableDebug: p.enableDebug,
    fontSizeScaleFactor: p.fontSizeScaleFactor,
    fontSizeSetting: p.fontSizeSetting,
    host: { appId: p.hostAppId },
    language: p.language,
    version: p.version,
    ...(p.theme ? { theme: p.theme } : {}),
    ...(p.PCKernelVersion ? { PCKernelVersion: p.PCKernelVersion } : {}),
  };
}

function systemSetting(p: SystemProfile) {
  return {
    bluetoothEnabled: p.bluetoothEnabled,
    deviceOrientation: p.deviceOrientation,
    locationEnabled: p.locationEnabled,
    wifiEnabled: p.wifiEnabled,
  };
}

function appAuthorizeSetting(p: SystemProfile) {
  return {
    albumAuthorized: p.albumAuthorized,
    bluetoothAuthorized: p.bluetoothAuthorized,
    cameraAuthorized: p.cameraAuthorized,
    locationAuthorized: p.locationAuthorized,
    locationReducedAccuracy: p.locationReducedAccuracy,
    microphoneAuthorized: p.microphoneAuthorized,
    notificationAlertAuthorized: p.notificationAlertAuthorized,
    notificationAuthorized: p.notificationAuthorized,
    notificationBadgeAuthorized: p.notificationBadgeAuthorized,
    notificationSoundAuthorized: p.notificationSoundAuthorized,
    phoneCalendarAuthorized: p.phoneCalendarAuthorized,
  };
}

/** The fields of `SystemInfo` (research §8.2), all present. */
export function systemInfo(p: SystemProfile): Record<string, unknown> {
  return {
    SDKVersion: p.SDKVersion,
    albumAuthorized: granted(p.albumAuthorized),
    benchmarkLevel: p.benchmarkLevel,
    bluetoothEnabled: p.bluetoothEnabled,
    brand: p.brand,
    cameraAuthorized: granted(p.cameraAuthorized),
    deviceOrientation: p.deviceOrientation,
    enableDebug: p.enableDebug,
    fontSizeSetting: p.fontSizeSetting,
    host: { appId: p.hostAppId },
    language: p.language,
    locationAuthorized: granted(p.locationAuthorized),
    locationEnabled: p.locationEnabled,
    locationReducedAccuracy: p.locationReducedAccuracy,
    microphoneAuthorized: granted(p.microphoneAuthorized),
    model: p.model,
    notificationAlertAuthorized: granted(p.notificationAlertAuthorized),
    notificationAuthorized: granted(p.notificationAuthorized),
    notificationBadgeAuthorized: granted(p.notificationBadgeAuthorized),
    notificationSoundAuthorized: granted(p.notificationSoundAuthorized),
    phoneCalendarAuthorized: granted(p.phoneCalendarAuthorized),
    pixelRatio: p.pixelRatio,
    platform: p.platform,
    safeArea: safeAreaOf(p),
    screenHeight: p.screenHeight,
    screenWidth: p.screenWidth,
    statusBarHeight: p.statusBarHeight,
    system: p.system,
    version: p.version,
    wifiEnabled: p.wifiEnabled,
    windowHeight: p.windowHeight,
    windowWidth: p.windowWidth,
    ...(p.theme ? { theme: p.theme } : {}),
  };
}

/** The realm's JSON round-trip: plain objects handed to user code belong to its realm. */
function inRealm<T>(host: RuntimeHost, value: T): T {
  return host.realm.JSON.parse(JSON.stringify(value)) as T;
}

export function installSystem(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;
  const p = () => device.system;

  wx.getSystemInfoSync = defineSync(host, 'getSystemInfoSync', [], () => inRealm(host, systemInfo(p())));
  wx.getSystemInfo = defineAsync(host, 'getSystemInfo', {}, () => systemInfo(p()));
  // getSystemInfoAsync (2.25.3) is callback-only in the typings.
  wx.getSystemInfoAsync = defineAsync(host, 'getSystemInfoAsync', { promise: false }, () => systemInfo(p()));
  wx.getDeviceInfo = defineSync(host, 'getDeviceInfo', [], () => inRealm(host, deviceInfo(p())));
  wx.getAppBaseInfo = defineSync(host, 'getAppBaseInfo', [], () => inRealm(host, appBaseInfo(p())));
  wx.getWindowInfo = defineSync(host, 'getWindowInfo', [], () => inRealm(host, windowInfo(p())));
  wx.getSystemSetting = defineSync(host, 'getSystemSetting', [], () => inRealm(host, systemSetting(p())));
  wx.getAppAuthorizeSetting = defineSync(host, 'getAppAuthorizeSetting', [], () => inRealm(host, appAuthorizeSetting(p())));
  wx.getAccountInfoSync = defineSync(host, 'getAccountInfoSync', [], () =>
    inRealm(host, { miniProgram: { appId: p().appId, envVersion: p().envVersion, version: p().appVersion } }),
  );

  wx.getNetworkType = defineAsync(host, 'getNetworkType', {}, () => {
    const s = device.connectivity.current;
    return { networkType: s.networkType, signalStrength: s.signalStrength, hasSystemProxy: s.hasSystemProxy, weakNet: s.weakNet };
  });

  const listeners = new ListenerSet<{ isConnected: boolean; networkType: string }>(host, 'at onNetworkStatusChange callback function');
  // Events come from the native layer through the bridge: deliver them on a later
  // turn (held, so mpsim.idle() waits for them), one per change, in order.
  const unsubscribe = device.connectivity.onChange((s: ConnectivityState) => {
    if (listeners.size === 0) return;
    const event = { isConnected: s.isConnected, networkType: s.networkType };
    const release = host.hold();
    realSetImmediate(() => {
      try {
        listeners.emit(inRealm(host, event));
      } finally {
        release();
      }
    });
  });
  device.onDispose(() => {
    unsubscribe();
    listeners.off();
  });
  wx.onNetworkStatusChange = (fn: unknown) => listeners.on(fn);
  wx.offNetworkStatusChange = (fn?: unknown) => listeners.off(fn);
}
