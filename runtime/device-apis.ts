/**
 * The phone's hardware and OS services: clipboard, scanCode (scripted),
 * vibration, screen brightness / keep-on, phone calls, contacts and calendar
 * (recorded), keyboard height, battery, memory warnings, theme and window
 * changes, screen capture, and the motion sensors (accelerometer, compass,
 * gyroscope, device motion: start/stop succeed, readings come from
 * `mpsim.phone.emit('accelerometer', {x, y, z})` etc.).
 */
import { ApiError, defineAsync, defineSync } from './convention';
import { emitLater, listenerPair, oneOf, recordedAsync } from './family';
import type { RuntimeHost } from './host';
import { ensureScope } from './auth';
import { tag } from './kinds';

export function installDeviceApis(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;
  const phone = device.phone;

  wx.setClipboardData = defineAsync(
    host,
    'setClipboardData',
    { params: { data: { type: 'String', required: true } } },
    (o: { data: string }) => {
      phone.clipboard = o.data;
      return {};
    },
  );
  wx.getClipboardData = defineAsync(host, 'getClipboardData', {}, () => ({ data: phone.clipboard }));

  wx.scanCode = defineAsync(host, 'scanCode', { params: { onlyFromCamera: { type: 'Boolean' }, scanType: { type: 'Array' } } }, () => {
    const answer = phone.scanAnswers.next();
    if (answer === 'cancel') throw new ApiError('cancel');
    return { ...answer };
  });

  recordedAsync(host, wx, {
    vibrateShort: { params: { type: { ...oneOf('type', ['heavy', 'medium', 'light']), required: true } } },
    vibrateLong: {},
    makePhoneCall: {
      params: {
        phoneNumber: {
          type: 'String',
          required: true,
          check: (v: string) => (v ? undefined : 'parameter error: parameter.phoneNumber should not be empty;'),
        },
      },
    },
    addPhoneContact: { params: { firstName: { type: 'String', required: true } } },
    setVisualEffectOnCapture: { params: { visualEffect: oneOf('visualEffect', ['none', 'hidden']) } },
    hideKeyboard: {},
  });

  const calendar = (name: string) =>
    defineAsync(
      host,
      name,
      { params: { title: { type: 'String', required: true }, startTime: { type: 'Number', required: true } } },
      (o) => {
        ensureScope(host, 'scope.addPhoneCalendar');
        phone.record(name, [o]);
        return {};
      },
    );
  wx.addPhoneCalendar = calendar('addPhoneCalendar');
  wx.addPhoneRepeatCalendar = calendar('addPhoneRepeatCalendar');
  tag(wx, 'recorded', ['addPhoneCalendar', 'addPhoneRepeatCalendar']);

  const unit = {
    type: 'Number' as const,
    required: true,
    check: (v: number) => (v >= 0 && v <= 1 ? undefined : `parameter error: parameter.value should be between 0 and 1 instead of ${v};`),
  };
  wx.setScreenBrightness = defineAsync(host, 'setScreenBrightness', { params: { value: unit } }, (o: { value: number }) => {
    phone.screenBrightness = o.value;
    return {};
  });
  wx.getScreenBrightness = defineAsync(host, 'getScreenBrightness', {}, () => ({ value: phone.screenBrightness }));
  wx.setKeepScreenOn = defineAsync(
    host,
    'setKeepScreenOn',
    { params: { keepScreenOn: { type: 'Boolean', required: true } } },
    (o: { keepScreenOn: boolean }) => {
      phone.keepScreenOn = o.keepScreenOn;
      return {};
    },
  );

  const keyboard = listenerPair<{ height: number }>(host, wx, 'KeyboardHeightChange');
  const battery = listenerPair<unknown>(host, wx, 'BatteryInfoChange');
  const memory = listenerPair<{ level: number }>(host, wx, 'MemoryWarning');
  const theme = listenerPair<{ theme: string }>(host, wx, 'ThemeChange');
  const resize = listenerPair<unknown>(host, wx, 'WindowResize');
  const capture = listenerPair<unknown>(host, wx, 'UserCaptureScreen');
  const recording = listenerPair<{ state: string }>(host, wx, 'ScreenRecordingStateChanged');
  const offs = [
    phone.on('keyboard', (h) => emitLater(host, keyboard, { height: h as number })),
    phone.on('battery', (b) => emitLater(host, battery, b)),
    phone.on('memoryWarning', (level) => emitLater(host, memory, { level: typeof level === 'number' ? level : 10 })),
    phone.on('theme', (t) => emitLater(host, theme, { theme: t as string })),
    phone.on('windowResize', (size) => emitLater(host, resize, size)),
    phone.on('captureScreen', () => emitLater(host, capture, {})),
    phone.on('screenRecording', (state) => emitLater(host, recording, { state: state as string })),
  ];
  device.onDispose(() => offs.forEach((f) => f()));

  wx.getBatteryInfo = defineAsync(host, 'getBatteryInfo', {}, () => ({ ...phone.battery }));
  wx.getBatteryInfoSync = defineSync(host, 'getBatteryInfoSync', [], () => host.realm.JSON.parse(JSON.stringify(phone.battery)) as unknown);
  wx.getScreenRecordingState = defineAsync(host, 'getScreenRecordingState', {}, () => ({ state: 'off' }));
  wx.getLocalIPAddress = defineAsync(host, 'getLocalIPAddress', {}, () => ({ localip: '192.168.1.23', netmask: '255.255.255.0' }));
  wx.getDeviceBenchmarkInfo = defineAsync(host, 'getDeviceBenchmarkInfo', {}, () => ({
    benchmarkLevel: device.system.benchmarkLevel,
    modelLevel: 2,
  }));

  // Motion sensors: a phone has them; readings are scripted with mpsim.phone.emit(<sensor>, reading).
  const sensors: Array<[string, string, string]> = [
    ['Accelerometer', 'accelerometer', 'AccelerometerChange'],
    ['Compass', 'compass', 'CompassChange'],
    ['Gyroscope', 'gyroscope', 'GyroscopeChange'],
    ['DeviceMotionListening', 'deviceMotion', 'DeviceMotionChange'],
  ];
  const sensorNames: string[] = [];
  for (const [api, event, change] of sensors) {
    const set = listenerPair<unknown>(host, wx, change);
    let running = false;
    wx[`start${api}`] = defineAsync(host, `start${api}`, { params: { interval: oneOf('interval', ['game', 'ui', 'normal']) } }, () => {
      running = true;
      return {};
    });
    wx[`stop${api}`] = defineAsync(host, `stop${api}`, {}, () => {
      running = false;
      return {};
    });
    const off = phone.on(event, (reading) => {
      if (running) emitLater(host, set, reading);
    });
    device.onDispose(off);
    sensorNames.push(`start${api}`, `stop${api}`, `on${change}`, `off${change}`);
  }

  tag(wx, 'simulated', [
    'setClipboardData',
    'getClipboardData',
    'setScreenBrightness',
    'getScreenBrightness',
    'setKeepScreenOn',
    'onKeyboardHeightChange',
    'offKeyboardHeightChange',
    'onBatteryInfoChange',
    'offBatteryInfoChange',
    'onMemoryWarning',
    'offMemoryWarning',
    'onThemeChange',
    'offThemeChange',
    'onWindowResize',
    'offWindowResize',
    'onUserCaptureScreen',
    'offUserCaptureScreen',
    'onScreenRecordingStateChanged',
    'offScreenRecordingStateChanged',
    'getBatteryInfo',
    'getBatteryInfoSync',
    'getScreenRecordingState',
    'getLocalIPAddress',
    'getDeviceBenchmarkInfo',
    ...sensorNames,
  ]);
  tag(wx, 'scripted', ['scanCode']);
}
