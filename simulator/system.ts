/**
 * The phone's identity: model, platform, screen, versions, settings and
 * authorizations — everything wx.getSystemInfo and the split APIs
 * (getDeviceInfo, getAppBaseInfo, getWindowInfo, getSystemSetting,
 * getAppAuthorizeSetting, getAccountInfoSync) report (wx-api-semantics §8.2, §8.4).
 *
 * Every field is configurable per Device (`system: {...}`); the defaults describe
 * a mid-range Android phone on a current WeChat. SDKVersion ≥ 2.10.0 matters:
 * cos-wx-sdk-v5 silently stops slicing uploads below it; vod-wx-sdk-v2 reads
 * brand/model/version (cos-vod-protocol §1.1).
 */
export type AuthorizeState = 'authorized' | 'denied' | 'not determined';

export interface SafeArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

export interface SystemProfile {
  brand: string;
  model: string;
  platform: 'ios' | 'android' | 'ohos' | 'ohos_pc' | 'windows' | 'mac' | 'devtools';
  /** OS name and version, e.g. `Android 14`, `iOS 17.0`. */
  system: string;
  /** WeChat version. */
  version: string;
  /** Base library version. */
  SDKVersion: string;
  language: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
  /** Top of the window on the screen (getWindowInfo). */
  screenTop: number;
  /** Default: derived from the screen (status bar on top, a 34 px home indicator at the bottom). */
  safeArea?: SafeArea;
  /** MB, as getDeviceInfo reports it (the typings say string; devices report a number — UNCONFIRMED). */
  memorySize: number | string;
  benchmarkLevel: number;
  abi: string;
  deviceAbi: string;
  cpuType: string;
  deviceOrientation: 'portrait' | 'landscape';
  fontSizeSetting: number;
  fontSizeScaleFactor: number;
  enableDebug: boolean;
  /** Only reported when set (the client reports it only with `darkmode: true` in app.json). */
  theme?: 'light' | 'dark';
  /** getAppBaseInfo().host.appId / getSystemInfo().host.appId: the host app's appId ('' inside WeChat — UNCONFIRMED). */
  hostAppId: string;
  /** PC only (getAppBaseInfo.PCKernelVersion); reported when set. */
  PCKernelVersion?: string;

  // system switches (getSystemSetting, getSystemInfo)
  bluetoothEnabled: boolean;
  locationEnabled: boolean;
  wifiEnabled: boolean;

  // authorizations: getAppAuthorizeSetting reports the state, getSystemInfo a boolean (authorized or not)
  albumAuthorized: AuthorizeState;
  bluetoothAuthorized: AuthorizeState;
  cameraAuthorized: AuthorizeState;
  locationAuthorized: AuthorizeState;
  locationReducedAccuracy: boolean;
  microphoneAuthorized: AuthorizeState;
  notificationAuthorized: AuthorizeState;
  notificationAlertAuthorized: AuthorizeState;
  notificationBadgeAuthorized: AuthorizeState;
  notificationSoundAuthorized: AuthorizeState;
  phoneCalendarAuthorized: AuthorizeState;

  // the mini program itself (getAccountInfoSync)
  appId: string;
  envVersion: 'develop' | 'trial' | 'release';
  /** Release version string of the mini program (`''` outside release — UNCONFIRMED detail). */
  appVersion: string;
}

export const DEFAULT_SYSTEM: SystemProfile = {
  brand: 'mpsim',
  model: 'mpsim Phone 1',
  platform: 'android',
  system: 'Android 14',
  version: '8.0.50',
  SDKVersion: '3.7.0',
  language: 'zh_CN',
  pixelRatio: 3,
  screenWidth: 393,
  screenHeight: 852,
  windowWidth: 393,
  windowHeight: 804,
  statusBarHeight: 48,
  screenTop: 0,
  memorySize: 8192,
  benchmarkLevel: 30,
  abi: 'arm64-v8a',
  deviceAbi: 'arm64-v8a',
  cpuType: 'unknown',
  deviceOrientation: 'portrait',
  fontSizeSetting: 16,
  fontSizeScaleFactor: 1,
  enableDebug: false,
  hostAppId: '',
  bluetoothEnabled: true,
  locationEnabled: true,
  wifiEnabled: true,
  albumAuthorized: 'authorized',
  bluetoothAuthorized: 'authorized',
  cameraAuthorized: 'authorized',
  locationAuthorized: 'authorized',
  locationReducedAccuracy: false,
  microphoneAuthorized: 'authorized',
  notificationAuthorized: 'authorized',
  notificationAlertAuthorized: 'authorized',
  notificationBadgeAuthorized: 'authorized',
  notificationSoundAuthorized: 'authorized',
  phoneCalendarAuthorized: 'authorized',
  appId: 'wx0000000000000000',
  envVersion: 'develop',
  appVersion: '',
};

/** The safe area: the profile's, or the screen minus the status bar and a 34 px home indicator. */
export function safeAreaOf(p: SystemProfile): SafeArea {
  if (p.safeArea) return { ...p.safeArea };
  const top = p.statusBarHeight;
  const bottom = Math.max(top, p.screenHeight - 34);
  return { left: 0, right: p.screenWidth, top, bottom, width: p.screenWidth, height: bottom - top };
}
