/**
 * The phone's identity: model, platform, screen, versions. Every field is
 * configurable per Device; the defaults describe a mid-range Android phone on a
 * current WeChat (SDKVersion ≥ 2.10.0 matters: cos-wx-sdk-v5 silently stops
 * slicing uploads below it).
 */
export interface SystemProfile {
  brand: string;
  model: string;
  platform: 'ios' | 'android' | 'ohos' | 'windows' | 'mac' | 'devtools';
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
  /** MB, as getDeviceInfo reports it. */
  memorySize: number;
  benchmarkLevel: number;
  appId: string;
  envVersion: 'develop' | 'trial' | 'release';
  /** Release version string of the mini program (`''` outside release). */
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
  memorySize: 8192,
  benchmarkLevel: 30,
  appId: 'wx0000000000000000',
  envVersion: 'develop',
  appVersion: '',
};
