/**
 * System info, account info and network status: every documented field, values
 * from Device.system (configurable), events from Device.connectivity.
 */
import { createSimulator, type Simulator } from '../../index';
import { DEFAULT_SYSTEM } from '../../simulator/system';

declare const wx: any;

const SYSTEM_INFO_FIELDS = [
  'SDKVersion',
  'albumAuthorized',
  'benchmarkLevel',
  'bluetoothEnabled',
  'brand',
  'cameraAuthorized',
  'deviceOrientation',
  'enableDebug',
  'fontSizeSetting',
  'host',
  'language',
  'locationAuthorized',
  'locationEnabled',
  'locationReducedAccuracy',
  'microphoneAuthorized',
  'model',
  'notificationAlertAuthorized',
  'notificationAuthorized',
  'notificationBadgeAuthorized',
  'notificationSoundAuthorized',
  'phoneCalendarAuthorized',
  'pixelRatio',
  'platform',
  'safeArea',
  'screenHeight',
  'screenWidth',
  'statusBarHeight',
  'system',
  'version',
  'wifiEnabled',
  'windowHeight',
  'windowWidth',
];

function settle(p: Promise<any>): Promise<any> {
  return p.then(
    (ok) => ok,
    (fail) => fail,
  );
}

describe('system info with the default profile', () => {
  test('getSystemInfoSync: every field of research §8.2, no theme unless set', () => {
    const info = wx.getSystemInfoSync();
    expect(Object.keys(info).sort()).toEqual([...SYSTEM_INFO_FIELDS].sort());
    expect(info).toMatchObject({
      SDKVersion: DEFAULT_SYSTEM.SDKVersion,
      brand: 'mpsim',
      model: 'mpsim Phone 1',
      platform: 'android',
      system: 'Android 14',
      version: '8.0.50',
      albumAuthorized: true,
      host: { appId: '' },
      safeArea: { left: 0, right: 393, top: 48, bottom: 818, width: 393, height: 770 },
    });
    // fresh objects: mutating one result does not change the next
    info.safeArea.top = 999;
    expect(wx.getSystemInfoSync().safeArea.top).toBe(48);
    // handed to user code in its own realm
    expect(info).toBeInstanceOf(Object);
    expect(info.safeArea.constructor).toBe(Object);
  });

  test('getSystemInfo: async, promisifiable and callback style, same values', async () => {
    const res = await wx.getSystemInfo();
    expect(res.errMsg).toBe('getSystemInfo:ok');
    const { errMsg: _e, ...rest } = res;
    expect(rest).toEqual(wx.getSystemInfoSync());
    const viaCallback = await new Promise<any>((resolve) => {
      const ret = wx.getSystemInfo({ success: resolve });
      expect(ret).toBeUndefined();
    });
    expect(viaCallback.SDKVersion).toBe('3.7.0');
    const viaAsync = await new Promise<any>((resolve) => wx.getSystemInfoAsync({ success: resolve }));
    expect(viaAsync.errMsg).toBe('getSystemInfoAsync:ok');
  });

  test('getDeviceInfo / getAppBaseInfo / getWindowInfo / getSystemSetting / getAppAuthorizeSetting', () => {
    expect(wx.getDeviceInfo()).toEqual({
      abi: 'arm64-v8a',
      benchmarkLevel: 30,
      brand: 'mpsim',
      cpuType: 'unknown',
      deviceAbi: 'arm64-v8a',
      memorySize: 8192,
      model: 'mpsim Phone 1',
      platform: 'android',
      system: 'Android 14',
    });
    expect(wx.getAppBaseInfo()).toEqual({
      SDKVersion: '3.7.0',
      enableDebug: false,
      fontSizeScaleFactor: 1,
      fontSizeSetting: 16,
      host: { appId: '' },
      language: 'zh_CN',
      version: '8.0.50',
    });
    expect(wx.getWindowInfo()).toEqual({
      pixelRatio: 3,
      safeArea: { left: 0, right: 393, top: 48, bottom: 818, width: 393, height: 770 },
      screenHeight: 852,
      screenTop: 0,
      screenWidth: 393,
      statusBarHeight: 48,
      windowHeight: 804,
      windowWidth: 393,
    });
    expect(wx.getSystemSetting()).toEqual({
      bluetoothEnabled: true,
      deviceOrientation: 'portrait',
      locationEnabled: true,
      wifiEnabled: true,
    });
    const auth = wx.getAppAuthorizeSetting();
    expect(Object.keys(auth).sort()).toEqual([
      'albumAuthorized',
      'bluetoothAuthorized',
      'cameraAuthorized',
      'locationAuthorized',
      'locationReducedAccuracy',
      'microphoneAuthorized',
      'notificationAlertAuthorized',
      'notificationAuthorized',
      'notificationBadgeAuthorized',
      'notificationSoundAuthorized',
      'phoneCalendarAuthorized',
    ]);
    expect(auth.cameraAuthorized).toBe('authorized');
  });

  test('getAccountInfoSync', () => {
    expect(wx.getAccountInfoSync()).toEqual({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } });
  });

  test('what the Tencent SDKs read at load (cos-vod-protocol §1.1)', () => {
    expect(wx.canIUse('getAppBaseInfo')).toBe(true);
    expect(wx.canIUse('getDeviceInfo')).toBe(true);
    expect(wx.canIUse('getSystemInfo')).toBe(true);
    const [maj, min] = wx.getAppBaseInfo().SDKVersion.split('.').map(Number);
    expect(maj > 2 || (maj === 2 && min >= 10)).toBe(true);
    const s = wx.getSystemInfoSync();
    for (const k of ['brand', 'model', 'version', 'platform', 'system', 'SDKVersion']) expect(typeof s[k]).toBe('string');
  });

  test('getNetworkType: the documented fields', async () => {
    await expect(wx.getNetworkType()).resolves.toEqual({
      errMsg: 'getNetworkType:ok',
      networkType: 'wifi',
      signalStrength: 99,
      hasSystemProxy: false,
      weakNet: false,
    });
  });

  test('bad input', async () => {
    expect(await settle(wx.getSystemInfo('x'))).toEqual({
      errMsg: 'getSystemInfo:fail parameter error: parameter should be Object instead of String;',
      errno: 1001,
    });
    expect(await settle(wx.getNetworkType(5))).toEqual({
      errMsg: 'getNetworkType:fail parameter error: parameter should be Object instead of Number;',
      errno: 1001,
    });
    // listener registration ignores what is not a function, as the client does
    expect(() => wx.onNetworkStatusChange('nope')).not.toThrow();
    expect(() => wx.offNetworkStatusChange(42)).not.toThrow();
  });
});

describe('a configured profile', () => {
  let sim: Simulator;
  let w: any;
  beforeAll(async () => {
    sim = await createSimulator({
      defaultAlbum: false,
      system: {
        platform: 'ios',
        system: 'iOS 17.0',
        brand: 'Apple',
        model: 'iPhone 15',
        SDKVersion: '2.9.0',
        theme: 'dark',
        safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
        cameraAuthorized: 'denied',
        memorySize: '6144',
        appId: 'wx1234567890abcdef',
        envVersion: 'release',
        appVersion: '1.2.3',
        hostAppId: 'wxhost',
      },
    });
    w = sim.wx;
  });
  afterAll(() => sim.dispose());

  test('every API reports the configured values', () => {
    const info = w.getSystemInfoSync();
    expect(info).toMatchObject({
      platform: 'ios',
      system: 'iOS 17.0',
      brand: 'Apple',
      model: 'iPhone 15',
      SDKVersion: '2.9.0',
      theme: 'dark',
      cameraAuthorized: false,
    });
    expect(info.safeArea).toEqual({ left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 });
    expect(w.getAppBaseInfo()).toMatchObject({ theme: 'dark', SDKVersion: '2.9.0', host: { appId: 'wxhost' } });
    expect(w.getDeviceInfo()).toMatchObject({ platform: 'ios', memorySize: '6144' });
    expect(w.getAppAuthorizeSetting().cameraAuthorized).toBe('denied');
    expect(w.getAccountInfoSync()).toEqual({ miniProgram: { appId: 'wx1234567890abcdef', envVersion: 'release', version: '1.2.3' } });
  });
});

describe('network status', () => {
  let sim: Simulator;
  let w: any;
  beforeEach(async () => {
    sim = await createSimulator({ defaultAlbum: false });
    w = sim.wx;
  });
  afterEach(() => sim.dispose());

  test('onNetworkStatusChange fires {isConnected, networkType} on each change, asynchronously', async () => {
    const events: any[] = [];
    w.onNetworkStatusChange((e: any) => events.push(e));
    sim.device.connectivity.setOffline(true);
    expect(events).toEqual([]); // delivered on a later turn, as from the native layer
    await sim.mpsim.idle();
    expect(await w.getNetworkType()).toMatchObject({ networkType: 'none' });
    sim.device.connectivity.setOffline(false);
    sim.device.connectivity.setType('4g');
    sim.device.connectivity.setType('4g'); // no change, no event
    await sim.mpsim.idle();
    expect(events).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: 'wifi' },
      { isConnected: true, networkType: '4g' },
    ]);
    expect(await w.getNetworkType()).toMatchObject({ networkType: '4g' });
  });

  test('offNetworkStatusChange(fn) removes one listener, off() all of them', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const fa = (e: any) => a.push(e.networkType);
    const fb = (e: any) => b.push(e.networkType);
    w.onNetworkStatusChange(fa);
    w.onNetworkStatusChange(fb);
    sim.device.connectivity.setType('3g');
    await sim.mpsim.idle();
    w.offNetworkStatusChange(fa);
    sim.device.connectivity.setType('5g');
    await sim.mpsim.idle();
    w.offNetworkStatusChange();
    sim.device.connectivity.setType('2g');
    await sim.mpsim.idle();
    expect(a).toEqual(['3g']);
    expect(b).toEqual(['3g', '5g']);
  });

  test('a throwing listener is reported as a script error and the others still run', async () => {
    const errors: string[] = [];
    const quiet = await createSimulator({
      defaultAlbum: false,
      console: { ...console, error: (m: string) => errors.push(String(m)) } as Console,
    });
    try {
      const qw = quiet.wx as any;
      const got: string[] = [];
      qw.onNetworkStatusChange(() => {
        throw new Error('boom');
      });
      qw.onNetworkStatusChange((e: any) => got.push(e.networkType));
      quiet.device.connectivity.setOffline(true);
      await quiet.mpsim.idle();
      expect(got).toEqual(['none']);
      expect(errors.join('\n')).toMatch(/thirdScriptError\nboom;at onNetworkStatusChange callback function/);
    } finally {
      await quiet.dispose();
    }
  });

  test('listeners are removed when the Device is disposed', async () => {
    const other = await createSimulator({ defaultAlbum: false });
    const events: unknown[] = [];
    (other.wx as any).onNetworkStatusChange((e: unknown) => events.push(e));
    const connectivity = other.device.connectivity;
    await other.dispose();
    connectivity.setOffline(true);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
  });
});
