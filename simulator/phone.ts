/**
 * The parts of the phone beyond files, album and network that `wx` APIs read
 * and change: the WeChat user logged in on it, the mini program's permission
 * settings, position, clipboard, screen, keyboard, foreground/background, the
 * pending update, and what the scripted user answers at every prompt
 * (authorize, getUserProfile, payment, scan, address, location picker, update).
 *
 * Defaults are documented in docs/wx-api.md; every knob is reachable from
 * `mpsim.user` / `mpsim.phone` (control.ts).
 */

/** The permission scopes of wx.authorize / wx.getSetting (the client's names). */
export const SCOPES = [
  'scope.userInfo',
  'scope.userLocation',
  'scope.userFuzzyLocation',
  'scope.userLocationBackground',
  'scope.record',
  'scope.camera',
  'scope.bluetooth',
  'scope.writePhotosAlbum',
  'scope.addPhoneContact',
  'scope.addPhoneCalendar',
  'scope.werun',
  'scope.address',
  'scope.invoiceTitle',
  'scope.invoice',
] as const;
export type Scope = (typeof SCOPES)[number];

export type Answer = 'allow' | 'deny';

export interface Position {
  latitude: number;
  longitude: number;
  /** Metres. */
  accuracy: number;
  altitude: number;
  verticalAccuracy: number;
  horizontalAccuracy: number;
  /** m/s (-1 unknown). */
  speed: number;
}

export interface UserProfile {
  nickName: string;
  avatarUrl: string;
  /** 0 unknown, 1 male, 2 female (the client now always reports 0). */
  gender: 0 | 1 | 2;
  country: string;
  province: string;
  city: string;
  language: string;
}

export interface ChosenLocation {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
}

export interface Address {
  userName: string;
  postalCode: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  streetName: string;
  detailInfo: string;
  detailInfoNew: string;
  nationalCode: string;
  telNumber: string;
}

export interface ScanResult {
  result: string;
  scanType: string;
  charSet: string;
  path?: string;
  rawData?: string;
}

/** One queued answer of the scripted user, or the default when the queue is empty. */
class Answers<T> {
  private readonly queue: T[] = [];
  constructor(public fallback: T) {}
  push(v: T): void {
    this.queue.push(v);
  }
  next(): T {
    return this.queue.length ? this.queue.shift()! : this.fallback;
  }
  clear(): void {
    this.queue.length = 0;
  }
}

export type LaunchOptions = {
  path: string;
  scene: number;
  query: Record<string, string>;
  referrerInfo: { appId?: string; extraData?: Record<string, unknown> };
  shareTicket?: string;
  forwardMaterials?: unknown[];
  chatType?: number;
  apiCategory: string;
};

export type UpdateScript = { hasUpdate: false } | { hasUpdate: true; ready: boolean };

/** A call recorded by a recorded-kind API (share APIs, contexts, reports...). */
export interface PhoneRecord {
  api: string;
  /** `InnerAudioContext#3.play`, `reportEvent`, ... */
  target?: string;
  args: unknown[];
  at: number;
}

const MAX_RECORDS = 10000;

export class PhoneState {
  /** The WeChat user logged in on this phone (openids derive from it). */
  wechatUser = 'mpsim-user-1';
  /** wx.getSetting's authSetting: a scope is present once the user answered its prompt. */
  readonly authSetting = new Map<Scope, boolean>();
  /** The user's answer at the next authorize prompts (default allow). */
  readonly authorizeAnswers = new Answers<Answer>('allow');
  /** The user's answer at getUserProfile's sheet (default allow). */
  readonly profileAnswers = new Answers<Answer>('allow');
  /** requestPayment: confirm or cancel (default confirm). */
  readonly paymentAnswers = new Answers<'confirm' | 'cancel' | { fail: string }>('confirm');
  /** scanCode: a result or 'cancel' (default a QR code with text `mpsim`). */
  readonly scanAnswers = new Answers<ScanResult | 'cancel'>({
    result: 'mpsim',
    scanType: 'QR_CODE',
    charSet: 'utf-8',
    rawData: 'bXBzaW0=',
  });
  /** chooseLocation: a place or 'cancel' (default: the current position, named). */
  readonly locationChoices = new Answers<ChosenLocation | 'cancel' | undefined>(undefined);
  /** chooseAddress: an address or 'cancel'. */
  readonly addressAnswers = new Answers<Address | 'cancel' | undefined>(undefined);
  /** showModal-like confirmations of makePhoneCall/openSetting changes: openSetting applies `settingChanges` then returns. */
  settingChanges: Partial<Record<Scope, boolean>> = {};

  profile: UserProfile = {
    nickName: '微信用户',
    avatarUrl:
      'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
    gender: 0,
    country: '',
    province: '',
    city: '',
    language: '',
  };
  address: Address = {
    userName: '张三',
    postalCode: '510000',
    provinceName: '广东省',
    cityName: '广州市',
    countyName: '海珠区',
    streetName: '新港中路',
    detailInfo: '新港中路397号',
    detailInfoNew: '新港中路397号',
    nationalCode: '510000',
    telNumber: '020-81167888',
  };
  /** Tencent's Guangzhou office (WGS84), the default position. */
  position: Position = {
    latitude: 23.099994,
    longitude: 113.32452,
    accuracy: 65,
    altitude: 0,
    verticalAccuracy: 0,
    horizontalAccuracy: 65,
    speed: -1,
  };
  clipboard = '';
  /** 0..1 (wx.getScreenBrightness). */
  screenBrightness = 0.5;
  keepScreenOn = false;
  /** Current keyboard height in px (0 = hidden). */
  keyboardHeight = 0;
  battery = { level: 100, isCharging: false, isLowPowerMode: false };
  /** Foreground/background (mpsim.phone.background()/foreground()). */
  inForeground = true;
  launchOptions: LaunchOptions = { path: '', scene: 1001, query: {}, referrerInfo: {}, apiCategory: 'default' };
  enterOptions?: LaunchOptions;
  /** getMenuButtonBoundingClientRect's answer (default: computed for the system profile, runtime/app.ts). */
  menuButton?: { width: number; height: number; top: number; right: number; bottom: number; left: number };
  /** What getUpdateManager reports (default: no update). */
  update: UpdateScript = { hasUpdate: false };
  /** getExptInfoSync: the experiment parameters of this user (default none). */
  exptInfo: Record<string, unknown> = {};
  /** getExtConfig(Sync): ext.json's extConfig (default {}). */
  extConfig: Record<string, unknown> = {};
  /** The fail reason of unsupported APIs (default `not support`, runtime/unsupported.ts). */
  unsupportedReason?: string;
  /** Vibrations, phone calls, reports, shares, context method calls... in order. */
  readonly records: PhoneRecord[] = [];
  private readonly listeners = new Map<string, Set<(arg: unknown) => void>>();

  record(api: string, args: unknown[], target?: string): void {
    this.records.push({ api, ...(target ? { target } : {}), args, at: Date.now() });
    if (this.records.length > MAX_RECORDS + 1000) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  recordsOf(api: string): PhoneRecord[] {
    return this.records.filter((r) => r.api === api);
  }

  /** Phone events the runtime listens to: `appShow`, `appHide`, `keyboard`, `location`, `memoryWarning`, `theme`. */
  on(event: string, fn: (arg: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(event: string, arg: unknown): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(arg);
  }

  /** The app goes to the background (wx.onAppHide listeners fire). */
  background(): void {
    if (!this.inForeground) return;
    this.inForeground = false;
    this.emit('appHide', {});
  }

  /** The app comes back (wx.onAppShow listeners fire with the enter options). */
  foreground(options: Partial<LaunchOptions> = {}): void {
    if (this.inForeground) return;
    this.inForeground = true;
    this.enterOptions = { ...this.launchOptions, ...options };
    this.emit('appShow', this.enterOptions);
  }

  setKeyboardHeight(height: number): void {
    this.keyboardHeight = height;
    this.emit('keyboard', height);
  }

  moveTo(p: Partial<Position>): void {
    this.position = { ...this.position, ...p };
    this.emit('location', this.position);
  }

  static readonly Answers = Answers;
}
