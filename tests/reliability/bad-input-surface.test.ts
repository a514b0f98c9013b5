/**
 * Bad input for the whole-surface families (login and permissions, location,
 * device services, app APIs, album saving, reports and shares, workers,
 * unsupported capabilities) in the corpus style of bad-input.test.ts: each
 * invalid call ends in `<api>:fail ...` — fail then complete with the same
 * object, and a rejected promise where the client promisifies; Sync APIs throw
 * an Error whose message is the errMsg. No exception escapes the runtime, and
 * the real simulation still works at the end.
 */
import { surfaceNames } from '../helpers/surface-names';
import { WX_METHODS } from '../../runtime/wx-catalog';

declare const wx: any;
declare const mpsim: any;

interface Case {
  label: string;
  api: string;
  sync: boolean;
  args: () => unknown[];
  reason?: RegExp;
}
const cases: Case[] = [];
const PARAM = /^parameter error: /;
const a = (api: string, label: string, args: () => unknown[], reason: RegExp = PARAM) =>
  cases.push({ label: `${api} ${label}`, api, sync: false, args, reason });
const s = (api: string, label: string, args: () => unknown[], reason: RegExp = PARAM) =>
  cases.push({ label: `${api} ${label}`, api, sync: true, args, reason });
const throwing = (base: Record<string, unknown>, field: string) => {
  const o = { ...base };
  Object.defineProperty(o, field, {
    enumerable: true,
    get() {
      throw new Error(`getter ${field}`);
    },
  });
  return o;
};

a('login', 'timeout string', () => [{ timeout: '10' }]);
a('login', 'options a string', () => ['x' as unknown]);
a('checkSession', 'options a number', () => [7 as unknown]);
a('authorize', 'no scope', () => [{}]);
a('authorize', 'scope number', () => [{ scope: 1 }]);
a('authorize', 'unknown scope', () => [{ scope: 'scope.everything' }], /invalid scope/);
a('authorize', 'scope.userInfo', () => [{ scope: 'scope.userInfo' }], /invalid scope/);
a('authorize', 'scope getter throws', () => [throwing({}, 'scope')], /getter scope/);
a('getSetting', 'withSubscriptions string', () => [{ withSubscriptions: 'yes' }]);
a('openSetting', 'withSubscriptions number', () => [{ withSubscriptions: 1 }]);
a('getUserProfile', 'no desc', () => [{}]);
a('getUserProfile', 'desc empty', () => [{ desc: '' }], /desc is empty/);
a('getUserProfile', 'lang number', () => [{ desc: 'x', lang: 1 }]);
a('getUserInfo', 'withCredentials string', () => [{ withCredentials: 'no' }]);
a('requestPayment', 'nothing', () => [{}]);
a('requestPayment', 'paySign missing', () => [{ timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1' }]);
a('requestPayment', 'timeStamp number', () => [{ timeStamp: 1, nonceStr: 'n', package: 'p', paySign: 's' }]);
a('getLocation', 'type unknown', () => [{ type: 'bd09' }]);
a('getLocation', 'altitude string', () => [{ altitude: 'true' }]);
a('getFuzzyLocation', 'type number', () => [{ type: 84 }]);
a('chooseLocation', 'latitude string', () => [{ latitude: '23' }]);
a('chooseLocation', 'latitude 91', () => [{ latitude: 91, longitude: 0 }]);
a('openLocation', 'no coordinates', () => [{}]);
a('openLocation', 'longitude 181', () => [{ latitude: 0, longitude: 181 }]);
a('openLocation', 'latitude NaN', () => [{ latitude: NaN, longitude: 0 }]);
a('startLocationUpdate', 'type unknown', () => [{ type: 'x' }]);
a('startLocationUpdateBackground', 'type object', () => [{ type: {} }]);
a('setClipboardData', 'no data', () => [{}]);
a('setClipboardData', 'data number', () => [{ data: 1 }]);
a('setClipboardData', 'data getter throws', () => [throwing({}, 'data')], /getter data/);
a('scanCode', 'onlyFromCamera string', () => [{ onlyFromCamera: 'yes' }]);
a('scanCode', 'scanType string', () => [{ scanType: 'qrCode' }]);
a('vibrateShort', 'no type', () => [{}]);
a('vibrateShort', 'type unknown', () => [{ type: 'violent' }]);
a('makePhoneCall', 'no phoneNumber', () => [{}]);
a('makePhoneCall', 'phoneNumber empty', () => [{ phoneNumber: '' }]);
a('makePhoneCall', 'phoneNumber number', () => [{ phoneNumber: 10086 }]);
a('addPhoneContact', 'no firstName', () => [{}]);
a('addPhoneCalendar', 'no title', () => [{ startTime: 1 }]);
a('addPhoneRepeatCalendar', 'startTime string', () => [{ title: 't', startTime: '1' }]);
a('setVisualEffectOnCapture', 'visualEffect unknown', () => [{ visualEffect: 'blur' }]);
a('setScreenBrightness', 'value 2', () => [{ value: 2 }]);
a('setScreenBrightness', 'value string', () => [{ value: '0.5' }]);
a('setScreenBrightness', 'no value', () => [{}]);
a('setKeepScreenOn', 'no keepScreenOn', () => [{}]);
a('startAccelerometer', 'interval unknown', () => [{ interval: 'fast' }]);
a('startCompass', 'interval number', () => [{ interval: 1 }]);
a('startGyroscope', 'interval object', () => [{ interval: {} }]);
a('startDeviceMotionListening', 'interval bool', () => [{ interval: true }]);
a('saveImageToPhotosAlbum', 'no filePath', () => [{}]);
a('saveImageToPhotosAlbum', 'absent file', () => [{ filePath: 'wxfile://usr/none.jpg' }], /file not exists/);
a('saveImageToPhotosAlbum', 'not an image', () => [{ filePath: 'wxfile://usr/text.txt' }], /invalid file type/);
a('saveImageToPhotosAlbum', 'outside the sandbox', () => [{ filePath: '../../etc/passwd' }], /./);
a('saveVideoToPhotosAlbum', 'not a video', () => [{ filePath: 'wxfile://usr/text.txt' }], /invalid file type/);
a('saveVideoToPhotosAlbum', 'filePath array', () => [{ filePath: [] }]);
a('getVideoInfo', 'no src', () => [{}]);
a('getVideoInfo', 'not a video', () => [{ src: 'wxfile://usr/text.txt' }], /invalid video/);
a('compressVideo', 'quality unknown', () => [{ src: 'wxfile://usr/text.txt', quality: 'ultra' }]);
a('compressVideo', 'not a video', () => [{ src: 'wxfile://usr/text.txt', quality: 'low' }], /invalid video/);
a('openDocument', 'no filePath', () => [{}]);
a('openDocument', 'fileType unknown', () => [{ filePath: 'wxfile://usr/text.txt', fileType: 'exe' }]);
a('openDocument', 'extension not a document', () => [{ filePath: 'wxfile://usr/text.txt' }], /filetype not supported/);
a('openDocument', 'absent', () => [{ filePath: 'wxfile://usr/none.pdf' }], /file not exists/);
a('previewMedia', 'no sources', () => [{}]);
a('getRandomValues', 'length 0', () => [{ length: 0 }]);
a('getRandomValues', 'length huge', () => [{ length: 1e9 }]);
a('getRandomValues', 'length string', () => [{ length: '8' }]);
a('restartMiniProgram', 'no path', () => [{}]);
a('setEnableDebug', 'enableDebug string', () => [{ enableDebug: 'yes' }]);
a('loadFontFace', 'no source', () => [{ family: 'f' }]);
a('setBackgroundTextStyle', 'no textStyle', () => [{}]);
a('setTopBarText', 'text number', () => [{ text: 1 }]);
a('getBackgroundFetchData', 'no fetchType', () => [{}]);
a('setBackgroundFetchToken', 'token number', () => [{ token: 1 }]);
a('requestSubscribeMessage', 'no tmplIds', () => [{}]);
a('requestSubscribeMessage', 'tmplIds string', () => [{ tmplIds: 'a' }]);
a('requestSubscribeDeviceMessage', 'sn missing', () => [{ tmplIds: [], snTicket: 't', modelId: 'm' }]);
a('requestSubscribeEmployeeMessage', 'subscribeScene string', () => [{ tmplIds: [], subscribeScene: '1' }]);
a('showShareMenu', 'withShareTicket string', () => [{ withShareTicket: 'yes' }]);
a('hideShareMenu', 'menus string', () => [{ menus: 'x' }]);
a('updateShareMenu', 'activityId number', () => [{ activityId: 1 }]);
a('showShareImageMenu', 'no path', () => [{}]);
a('shareFileMessage', 'no filePath', () => [{}]);
a('shareVideoMessage', 'videoPath number', () => [{ videoPath: 1 }]);
a('shareAppMessageToGroup', 'no title', () => [{}]);
a('shareEmojiToGroup', 'no imagePath', () => [{}]);
a('shareFileToGroup', 'no filePath', () => [{}]);
a('shareImageToGroup', 'imagePath object', () => [{ imagePath: {} }]);
a('shareVideoToGroup', 'no videoPath', () => [{}]);
a('shareToOfficialAccount', 'no path', () => [{ title: 't' }]);
a('shareToWeRun', 'no recordList', () => [{}]);
a('authPrivateMessage', 'no shareTicket', () => [{}]);
a('getShareInfo', 'shareTicket number', () => [{ shareTicket: 1 }]);
a('navigateToMiniProgram', 'appId number', () => [{ appId: 1 }]);
a('navigateBackMiniProgram', 'extraData string', () => [{ extraData: 'x' }]);
a('openEmbeddedMiniProgram', 'no appId', () => [{}]);
a('openCustomerServiceChat', 'no corpId', () => [{ extInfo: {} }]);
a('openOfficialAccountArticle', 'no url', () => [{}]);
a('openOfficialAccountChat', 'no username', () => [{}]);
a('openOfficialAccountProfile', 'username number', () => [{ username: 1 }]);
a('openChannelsActivity', 'no feedId', () => [{ finderUserName: 'f' }]);
a('openChannelsEvent', 'no eventId', () => [{ finderUserName: 'f' }]);
a('openChannelsLive', 'no finderUserName', () => [{}]);
a('openChannelsLiveNoticeInfo', 'finderUserName number', () => [{ finderUserName: 1 }]);
a('openChannelsUserProfile', 'no finderUserName', () => [{}]);
a('getChannelsLiveInfo', 'no finderUserName', () => [{}]);
a('getChannelsLiveNoticeInfo', 'no finderUserName', () => [{}]);
a('reserveChannelsLive', 'no noticeId', () => [{}]);
a('openVideoEditor', 'no filePath', () => [{}]);
a('addCard', 'no cardList', () => [{}]);
a('openCard', 'cardList object', () => [{ cardList: {} }]);
a('addFileToFavorites', 'no filePath', () => [{}]);
a('addVideoToFavorites', 'no videoPath', () => [{}]);
a('sendSms', 'phoneNumber number', () => [{ phoneNumber: 1 }]);
a('saveFileToDisk', 'no filePath', () => [{}]);
a('notifyGroupMembers', 'no members', () => [{ title: 't', entrancePath: 'p', type: 'x' }]);
a('enableAlertBeforeUnload', 'no message', () => [{}]);
a('openBluetoothAdapter', 'unsupported', () => [{}], /^not support$/);
a('startWifi', 'unsupported', () => [{}], /^not support$/);
a('startHCE', 'unsupported', () => [{ aid_list: [] }], /^not support$/);
s('reportEvent', 'no eventId', () => []);
s('reportEvent', 'eventId number', () => [1, {}]);
s('reportEvent', 'data string', () => ['e', 'x']);
s('reportAnalytics', 'no eventName', () => []);
s('reportMonitor', 'value string', () => ['m', '1']);
s('reportPerformance', 'id string', () => ['1', 2]);
s('nextTick', 'not a function', () => [1]);
s('nextTick', 'nothing', () => []);
s('requestIdleCallback', 'string', () => ['fn']);
s('cancelIdleCallback', 'string id', () => ['1']);
s('createWorker', 'no scriptPath', () => []);
s('createWorker', 'absent script', () => ['workers/none.js'], /script not found/);
s('createWorker', 'options string', () => ['workers/a.js', 'x']);
s('arrayBufferToBase64', 'string', () => ['abc']);
s('base64ToArrayBuffer', 'number', () => [1]);
s('createAnimation', 'string', () => ['linear']);
s('getExptInfoSync', 'keys string', () => ['k']);
s('postMessageToReferrerMiniProgram', 'no message', () => []);
s('postMessageToReferrerPage', 'message string', () => ['x']);
s('getXrFrameSystem', 'unsupported', () => [], /^not support$/);
s('isVKSupport', 'unsupported', () => ['v2'], /^not support$/);

const escaped: unknown[] = [];
const onUncaught = (err: unknown) => escaped.push(err);
beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  wx.getFileSystemManager().writeFileSync('wxfile://usr/text.txt', 'hello, not an image');
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

test(`the corpus covers every surface API that takes input (${cases.length} cases)`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(140);
  const covered = new Set(cases.map((c) => c.api));
  // listeners, factories and APIs without input (getters, status queries) have nothing to reject
  const noInput = new Set([
    'checkSession',
    'getClipboardData',
    'vibrateLong',
    'hideKeyboard',
    'getScreenBrightness',
    'getBatteryInfo',
    'getBatteryInfoSync',
    'getScreenRecordingState',
    'getLocalIPAddress',
    'getDeviceBenchmarkInfo',
    'getPrivacySetting',
    'requirePrivacyAuthorize',
    'stopLocationUpdate',
    'stopAccelerometer',
    'stopCompass',
    'stopGyroscope',
    'stopDeviceMotionListening',
    'choosePoi',
    'chooseAddress',
    'chooseInvoiceTitle',
    'getLaunchOptionsSync',
    'getEnterOptionsSync',
    'getMenuButtonBoundingClientRect',
    'getExtConfigSync',
    'getExtConfig',
    'getApiCategory',
    'getRendererUserAgent',
    'getSkylineInfo',
    'getSkylineInfoSync',
    'exitMiniProgram',
    'setBackgroundColor',
    'setWindowSize',
    'disableAlertBeforeUnload',
    'preDownloadSubpackage',
    'preloadAssets',
    'preloadSkylineView',
    'preloadWebview',
    'rewriteRoute',
    'updateWeChatApp',
    'getBackgroundFetchToken',
    'loadBuiltInFontFace',
    'getGroupEnterInfo',
    'getChannelsShareKey',
    'openStickerIPView',
    'openStickerSetView',
    'openSingleStickerView',
    'openStoreCouponDetail',
    'openStoreOrderDetail',
    'openInquiriesTopic',
    'openDesignerProfile',
    'openPrivacyContract',
    'openAppAuthorizeSetting',
    'openSystemBluetoothSetting',
    'checkIsAddedToMyMiniProgram',
    'checkIsOpenAccessibility',
    'getWeRunData',
    'selectGroupMembers',
    'getUpdateManager',
  ]);
  const missing = [...surfaceNames(wx)].filter((n) => {
    const style = WX_METHODS[n]?.style;
    if (style === 'listener' || style === 'factory' || noInput.has(n) || covered.has(n)) return false;
    // unsupported ones all fail alike: three of them stand for the rest (and surface.test.ts calls every one)
    return mpsim.kindOf(n) !== 'unsupported';
  });
  expect(missing).toEqual([]);
});

describe.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
  test('ends in <api>:fail, nothing thrown', async () => {
    if (c.sync) {
      let thrown: any;
      try {
        wx[c.api](...c.args());
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(String(thrown.message).startsWith(`${c.api}:fail `)).toBe(true);
      if (c.reason) expect(thrown.message.slice(c.api.length + 6)).toMatch(c.reason);
      return;
    }
    const first = c.args()[0];
    if (typeof first === 'object' && first !== null) {
      const seen: string[] = [];
      let failRes: any;
      const opts = c.args()[0] as Record<string, unknown>;
      const completeRes = await new Promise<any>((resolve) => {
        opts.success = () => seen.push('success');
        opts.fail = (r: any) => (seen.push('fail'), (failRes = r));
        opts.complete = (r: any) => (seen.push('complete'), resolve(r));
        expect(wx[c.api](opts)).toBeUndefined();
      });
      expect(seen).toEqual(['fail', 'complete']);
      expect(completeRes).toBe(failRes);
      expect(failRes.errMsg.startsWith(`${c.api}:fail `)).toBe(true);
      if (c.reason) expect(failRes.errMsg.slice(c.api.length + 6)).toMatch(c.reason);
    }
    if (WX_METHODS[c.api]?.promise) {
      const res: any = await wx[c.api](c.args()[0]).then(
        () => ({ resolved: true }),
        (e: any) => e,
      );
      expect(res.resolved).toBeUndefined();
      expect(res.errMsg.startsWith(`${c.api}:fail `)).toBe(true);
    }
  });
});

test('no exception escaped; the simulation still answers', async () => {
  await mpsim.idle();
  expect(escaped.map((e) => String((e as Error)?.stack ?? e))).toEqual([]);
  await expect(wx.setClipboardData({ data: 'after' })).resolves.toEqual({ errMsg: 'setClipboardData:ok' });
  await expect(wx.getClipboardData()).resolves.toEqual({ errMsg: 'getClipboardData:ok', data: 'after' });
});
