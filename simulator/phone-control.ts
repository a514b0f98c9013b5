/**
 * The test/script surface over the phone state (simulator/phone.ts) and the
 * WeChat auth service: `mpsim.user.*` answers (added to the album picks),
 * `mpsim.phone.*`, `mpsim.wechat.*`. Every knob checks its input and throws a
 * TypeError saying what it expects.
 */
import type { Device } from './device';
import {
  SCOPES,
  type Address,
  type ChosenLocation,
  type LaunchOptions,
  type PhoneRecord,
  type PhoneState,
  type Position,
  type Scope,
  type ScanResult,
  type UserProfile,
} from './phone';
import { DEFAULT_APP_SECRET, type WeChatServer } from './servers/wechat';

export interface UserAnswersControl {
  /** Answers of the next authorize prompts (any scoped API asking for the first time), in order; then the default `allow`. */
  answerAuthorize(...answers: Array<'allow' | 'deny'>): void;
  /** Presets a scope as answered before (true granted, false denied) — no prompt then. */
  setAuthorized(scope: Scope, granted: boolean): void;
  /** Forgets every answered scope (as removing the mini program from the phone). */
  resetAuthorizations(): void;
  /** What the user toggles on the next openSetting page: `{ 'scope.userLocation': true }`. */
  changeSettings(changes: Partial<Record<Scope, boolean>>): void;
  /** The WeChat profile getUserProfile/getUserInfo report (merged). */
  setProfile(profile: Partial<UserProfile>): void;
  /** The next getUserProfile sheets: allow or deny. */
  answerProfile(...answers: Array<'allow' | 'deny'>): void;
  /** The next requestPayment sheets: confirm, cancel, or `{ fail: reason }`. */
  pay(...answers: Array<'confirm' | 'cancel' | { fail: string }>): void;
  /** The next scanCode results (fields merged over `{ scanType: 'QR_CODE', charSet: 'utf-8' }`) or `'cancel'`. */
  scan(...results: Array<(Partial<ScanResult> & { result: string }) | 'cancel'>): void;
  /** The next chooseLocation / choosePoi picks, or `'cancel'`. */
  chooseLocation(...places: Array<ChosenLocation | 'cancel'>): void;
  /** The next chooseAddress answers (merged over the default address), or `'cancel'`. */
  chooseAddress(...answers: Array<Partial<Address> | 'cancel'>): void;
}

export interface PhoneControl {
  /** The state itself (read it in tests; prefer the methods to change it). */
  readonly state: PhoneState;
  /** Moves the phone (onLocationChange fires while location updates run). */
  moveTo(position: Partial<Position> & { latitude: number; longitude: number }): void;
  /** The app goes to the background: wx.onAppHide listeners fire. */
  background(): void;
  /** The app comes back: wx.onAppShow listeners get the enter options (merged over the launch options). */
  foreground(options?: Partial<LaunchOptions>): void;
  /** The keyboard shows at this height (0 hides it): wx.onKeyboardHeightChange fires. */
  keyboard(height: number): void;
  /** Fires a phone event: `accelerometer`/`compass`/`gyroscope`/`deviceMotion` readings, `memoryWarning`, `theme`, `battery`, `windowResize`, `captureScreen`, `screenRecording`. */
  emit(event: string, value?: unknown): void;
  /** The clipboard's text. */
  clipboard: string;
  /** What getUpdateManager finds on launch. */
  setUpdate(update: { hasUpdate: false } | { hasUpdate: true; ready: boolean }): void;
  /** Launch options (getLaunchOptionsSync; merged). */
  setLaunchOptions(options: Partial<LaunchOptions>): void;
  /** Calls of recorded APIs (reports, shares, vibrations, phone calls, context methods...), oldest first. */
  records(api?: string): PhoneRecord[];
}

export interface WeChatControl {
  /** The app secret jscode2session accepts for this phone's appId. */
  readonly appSecret: string;
  /** This phone's WeChat user's openid in this app. */
  readonly openid: string;
  /** The session_key of the latest exchange (undefined before any). */
  readonly sessionKey: string | undefined;
  /** Ends the session: wx.checkSession fails until the next login and exchange. */
  expireSession(): void;
  /** Registers another secret for this app (the old one gets 40125). */
  setAppSecret(secret: string): void;
  /** The next n jscode2session calls answer this errcode (e.g. 45011, -1). */
  failNext(n: number, errcode: number, errmsg?: string): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function need(ok: boolean, what: string): void {
  if (!ok) throw new TypeError(what);
}
const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

export function createUserAnswers(device: Device): UserAnswersControl {
  const p = device.phone;
  return {
    answerAuthorize: (...answers) => {
      need(
        answers.every((a) => a === 'allow' || a === 'deny'),
        "mpsim.user.answerAuthorize: answers must be 'allow' or 'deny'",
      );
      answers.forEach((a) => p.authorizeAnswers.push(a));
    },
    setAuthorized: (scope, granted) => {
      need(
        (SCOPES as readonly string[]).includes(scope),
        `mpsim.user.setAuthorized: unknown scope ${String(scope)} (one of ${SCOPES.join(', ')})`,
      );
      need(typeof granted === 'boolean', 'mpsim.user.setAuthorized: granted must be a boolean');
      p.authSetting.set(scope, granted);
    },
    resetAuthorizations: () => p.authSetting.clear(),
    changeSettings: (changes) => {
      need(isRecord(changes), 'mpsim.user.changeSettings: expected an object { scope: boolean }');
      for (const [k, v] of Object.entries(changes)) {
        need((SCOPES as readonly string[]).includes(k), `mpsim.user.changeSettings: unknown scope ${k}`);
        need(typeof v === 'boolean', `mpsim.user.changeSettings: ${k} must be a boolean`);
      }
      p.settingChanges = { ...p.settingChanges, ...changes };
    },
    setProfile: (profile) => {
      need(isRecord(profile), 'mpsim.user.setProfile: expected an object');
      for (const [k, v] of Object.entries(profile)) {
        need(k in p.profile, `mpsim.user.setProfile: unknown field ${k}`);
        need(k === 'gender' ? v === 0 || v === 1 || v === 2 : typeof v === 'string', `mpsim.user.setProfile: bad value for ${k}`);
      }
      p.profile = { ...p.profile, ...profile };
    },
    answerProfile: (...answers) => {
      need(
        answers.every((a) => a === 'allow' || a === 'deny'),
        "mpsim.user.answerProfile: answers must be 'allow' or 'deny'",
      );
      answers.forEach((a) => p.profileAnswers.push(a));
    },
    pay: (...answers) => {
      need(
        answers.every((a) => a === 'confirm' || a === 'cancel' || (isRecord(a) && typeof a.fail === 'string')),
        "mpsim.user.pay: answers must be 'confirm', 'cancel' or { fail: reason }",
      );
      answers.forEach((a) => p.paymentAnswers.push(a));
    },
    scan: (...results) => {
      for (const r of results) {
        if (r === 'cancel') {
          p.scanAnswers.push('cancel');
          continue;
        }
        need(isRecord(r) && typeof r.result === 'string', "mpsim.user.scan: results must be { result: string, ... } or 'cancel'");
        p.scanAnswers.push({ scanType: 'QR_CODE', charSet: 'utf-8', rawData: Buffer.from(r.result).toString('base64'), ...r });
      }
    },
    chooseLocation: (...places) => {
      for (const pl of places) {
        if (pl === 'cancel') {
          p.locationChoices.push('cancel');
          continue;
        }
        need(
          isRecord(pl) && typeof pl.name === 'string' && typeof pl.address === 'string' && finite(pl.latitude) && finite(pl.longitude),
          "mpsim.user.chooseLocation: places must be { name, address, latitude, longitude } or 'cancel'",
        );
        p.locationChoices.push({ name: pl.name, address: pl.address, latitude: pl.latitude, longitude: pl.longitude });
      }
    },
    chooseAddress: (...answers) => {
      for (const a of answers) {
        if (a === 'cancel') {
          p.addressAnswers.push('cancel');
          continue;
        }
        need(
          isRecord(a) && Object.values(a).every((v) => typeof v === 'string'),
          "mpsim.user.chooseAddress: answers must be address objects of strings or 'cancel'",
        );
        p.addressAnswers.push({ ...p.address, ...a });
      }
    },
  };
}

export function createPhoneControl(device: Device): PhoneControl {
  const p = device.phone;
  return {
    state: p,
    moveTo: (pos) => {
      need(
        isRecord(pos) && finite(pos.latitude) && finite(pos.longitude),
        'mpsim.phone.moveTo: expected { latitude, longitude, ... } numbers',
      );
      need(
        Math.abs(pos.latitude) <= 90 && Math.abs(pos.longitude) <= 180,
        'mpsim.phone.moveTo: latitude must be within ±90 and longitude within ±180',
      );
      for (const [k, v] of Object.entries(pos)) need(k in p.position && finite(v), `mpsim.phone.moveTo: bad field ${k}`);
      p.moveTo(pos);
    },
    background: () => p.background(),
    foreground: (options = {}) => {
      need(isRecord(options), 'mpsim.phone.foreground: options must be an object');
      p.foreground(options);
    },
    keyboard: (height) => {
      need(finite(height) && height >= 0, 'mpsim.phone.keyboard: height must be a number >= 0');
      p.setKeyboardHeight(height);
    },
    emit: (event, value) => {
      need(typeof event === 'string' && event.length > 0, 'mpsim.phone.emit: event must be a non-empty string');
      p.emit(event, value);
    },
    get clipboard() {
      return p.clipboard;
    },
    set clipboard(text: string) {
      need(typeof text === 'string', 'mpsim.phone.clipboard: must be a string');
      p.clipboard = text;
    },
    setUpdate: (u) => {
      need(
        isRecord(u) && typeof u.hasUpdate === 'boolean' && (!u.hasUpdate || typeof (u as { ready?: unknown }).ready === 'boolean'),
        'mpsim.phone.setUpdate: expected { hasUpdate: false } or { hasUpdate: true, ready: boolean }',
      );
      p.update = u.hasUpdate ? { hasUpdate: true, ready: (u as { ready: boolean }).ready } : { hasUpdate: false };
    },
    setLaunchOptions: (o) => {
      need(isRecord(o), 'mpsim.phone.setLaunchOptions: expected an object');
      p.launchOptions = { ...p.launchOptions, ...o };
    },
    records: (api) => (api === undefined ? [...p.records] : p.recordsOf(api)),
  };
}

export function createWeChatControl(device: Device): WeChatControl {
  const server = (): WeChatServer => {
    const s = device.network.attachedCloud?.servers.wechat as WeChatServer | undefined;
    if (!s) throw new Error('mpsim.wechat: this simulator has no cloud (created with cloud: false)');
    return s;
  };
  const appId = () => device.system.appId;
  let secret: string | undefined;
  return {
    get appSecret() {
      server();
      return secret ?? DEFAULT_APP_SECRET;
    },
    get openid() {
      return server().openidOf(appId(), device.phone.wechatUser);
    },
    get sessionKey() {
      return server().sessionKeyOf(appId(), device.phone.wechatUser);
    },
    expireSession: () => server().expireSession(appId(), device.phone.wechatUser),
    setAppSecret: (s) => {
      need(typeof s === 'string' && s.length > 0, 'mpsim.wechat.setAppSecret: secret must be a non-empty string');
      server().registerApp(appId(), s);
      secret = s;
    },
    failNext: (n, errcode, errmsg) => server().failNext(n, errcode, errmsg),
  };
}
