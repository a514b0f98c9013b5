/**
 * Open interfaces: login and the session (against the simulated WeChat auth
 * service on the cloud, simulator/servers/wechat), the permission model
 * (getSetting, authorize, openSetting — scopes answered by the scripted user),
 * user info (getUserProfile / getUserInfo, scripted, with rawData, signature and
 * encryptedData an app server can verify with the session_key), payment
 * (requestPayment, scripted confirm/cancel) and the privacy APIs.
 */
import { sealWithSessionKey } from '../simulator/host-services';
import { SCOPES, type Scope } from '../simulator/phone';
import type { WeChatServer } from '../simulator/servers/wechat';
import { ApiError, defineAsync } from './convention';
import { listenerPair } from './family';
import type { RuntimeHost } from './host';
import { tag } from './kinds';

/** The WeChat auth service on this simulator's cloud, if any. */
export function wechatOf(host: RuntimeHost): WeChatServer | undefined {
  return host.device.network.attachedCloud?.servers.wechat as WeChatServer | undefined;
}

/**
 * The permission gate every scoped API goes through: granted → ok; denied before
 * → `auth deny` (no prompt again, as the client); never asked → the scripted
 * user answers the prompt (default allow) and the answer is remembered.
 */
export function ensureScope(host: RuntimeHost, scope: Scope): void {
  const phone = host.device.phone;
  const known = phone.authSetting.get(scope);
  if (known === true) return;
  if (known === false) throw new ApiError('auth deny');
  const answer = phone.authorizeAnswers.next();
  phone.authSetting.set(scope, answer === 'allow');
  if (answer !== 'allow') throw new ApiError('auth deny');
}

function authSettingObject(host: RuntimeHost): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [k, v] of host.device.phone.authSetting) out[k] = v;
  return out;
}

export function installAuth(host: RuntimeHost, wx: Record<string, unknown>): void {
  const device = host.device;
  const phone = device.phone;
  const appId = () => device.system.appId;
  const service = () => {
    const s = wechatOf(host);
    // UNCONFIRMED wording: the client's text when WeChat's login channel is unreachable is not documented.
    if (!s) throw new ApiError('mpsim: no WeChat auth service (this simulator was created with cloud: false)');
    if (!device.connectivity.online) throw new ApiError(device.network.rules.messages.offline.replace(/^fail:/, ''));
    return s;
  };

  wx.login = defineAsync(host, 'login', { params: { timeout: { type: 'Number' } } }, () => ({
    code: service().issueCode(appId(), phone.wechatUser),
  }));

  // The client's text for an expired or missing session (UNCONFIRMED: seen as `checkSession:fail session time out`).
  wx.checkSession = defineAsync(host, 'checkSession', {}, () => {
    if (!service().checkSession(appId(), phone.wechatUser)) throw new ApiError('session time out');
    return {};
  });

  wx.getSetting = defineAsync(host, 'getSetting', { params: { withSubscriptions: { type: 'Boolean' } } }, (o) => ({
    authSetting: authSettingObject(host),
    ...(o.withSubscriptions === true ? { subscriptionsSetting: { mainSwitch: true, itemSettings: {} } } : {}),
  }));

  wx.authorize = defineAsync(
    host,
    'authorize',
    {
      params: {
        scope: {
          type: 'String',
          required: true,
          check: (s: string) => ((SCOPES as readonly string[]).includes(s) ? undefined : 'invalid scope'),
        },
      },
    },
    (o: { scope: Scope }) => {
      // scope.userInfo cannot be authorized by wx.authorize since 2018 (the client fails it).
      if (o.scope === 'scope.userInfo') throw new ApiError('invalid scope');
      ensureScope(host, o.scope);
      return {};
    },
  );

  wx.openSetting = defineAsync(host, 'openSetting', { params: { withSubscriptions: { type: 'Boolean' } } }, () => {
    // The user toggles on the settings page: mpsim.user.settingChanges({...}) scripts what they change.
    for (const [scope, on] of Object.entries(phone.settingChanges))
      if (phone.authSetting.has(scope as Scope)) phone.authSetting.set(scope as Scope, !!on);
    phone.settingChanges = {};
    return { authSetting: authSettingObject(host) };
  });

  /** rawData/signature/encryptedData/iv as the client makes them with the session_key (when a session exists). */
  const signedUserInfo = (userInfo: Record<string, unknown>) => {
    const rawData = JSON.stringify(userInfo);
    const key = wechatOf(host)?.sessionKeyOf(appId(), phone.wechatUser);
    if (!key) return { userInfo, rawData };
    const openId = wechatOf(host)!.openidOf(appId(), phone.wechatUser);
    const plain = JSON.stringify({ openId, ...userInfo, watermark: { timestamp: Math.floor(device.clock.now() / 1000), appid: appId() } });
    return { userInfo, rawData, ...sealWithSessionKey(rawData, plain, key) };
  };
  const profileOf = (lang: unknown) => ({ ...phone.profile, language: typeof lang === 'string' ? lang : phone.profile.language });

  wx.getUserProfile = defineAsync(
    host,
    'getUserProfile',
    { params: { desc: { type: 'String', required: true }, lang: { type: 'String' } } },
    (o: { desc: string; lang?: string }) => {
      if (!o.desc) throw new ApiError('desc is empty');
      if (phone.profileAnswers.next() !== 'allow') throw new ApiError('auth deny');
      return signedUserInfo(profileOf(o.lang));
    },
  );

  // Since 2021 getUserInfo answers the anonymous profile without a prompt (mpsim.phone.profile when scripted).
  wx.getUserInfo = defineAsync(host, 'getUserInfo', { params: { withCredentials: { type: 'Boolean' }, lang: { type: 'String' } } }, (o) => {
    const info = signedUserInfo(profileOf(o.lang));
    if (o.withCredentials === false) return { userInfo: info.userInfo, rawData: info.rawData };
    return info;
  });

  wx.requestPayment = defineAsync(
    host,
    'requestPayment',
    {
      params: {
        timeStamp: { type: 'String', required: true },
        nonceStr: { type: 'String', required: true },
        package: { type: 'String', required: true },
        signType: { type: 'String' },
        paySign: { type: 'String', required: true },
      },
    },
    (o) => {
      phone.record('requestPayment', [o]);
      const answer = phone.paymentAnswers.next();
      if (answer === 'cancel') throw new ApiError('cancel');
      if (typeof answer === 'object') throw new ApiError(answer.fail);
      return {};
    },
  );

  wx.getPrivacySetting = defineAsync(host, 'getPrivacySetting', {}, () => ({
    needAuthorization: false,
    privacyContractName: '《mpsim小程序隐私保护指引》',
  }));
  wx.requirePrivacyAuthorize = defineAsync(host, 'requirePrivacyAuthorize', {}, () => ({}));
  listenerPair(host, wx, 'NeedPrivacyAuthorization');
  delete wx.offNeedPrivacyAuthorization; // the typings have no off for this one

  tag(wx, 'simulated', [
    'login',
    'checkSession',
    'getSetting',
    'authorize',
    'getPrivacySetting',
    'requirePrivacyAuthorize',
    'onNeedPrivacyAuthorization',
  ]);
  tag(wx, 'scripted', ['openSetting', 'getUserProfile', 'getUserInfo', 'requestPayment']);
}
