/**
 * Recorded APIs: analytics (reportEvent, reportAnalytics, reportMonitor,
 * reportPerformance — validated and kept in `mpsim.phone.records`), the share
 * APIs, opening other WeChat surfaces (mini programs, official accounts,
 * channels, customer service, stickers...), subscription messages (scripted
 * `accept` for every template), cards and favorites. Nothing else to simulate:
 * the call, its arguments and the convention's outcome are what tests check.
 */
import { defineSync, type ParamRules } from './convention';
import { listenerPair, recordedAsync } from './family';
import type { RuntimeHost } from './host';
import { tag } from './kinds';

const str = (required = false) => ({ type: 'String' as const, required });

export function installReport(host: RuntimeHost, wx: Record<string, unknown>): void {
  const phone = host.device.phone;
  const syncReport = (
    name: string,
    params: Array<{ name: string; type: 'String' | 'Number' | 'Object' | 'Array'; required?: boolean }>,
  ) => {
    wx[name] = defineSync(host, name, params, (...args: unknown[]) => {
      phone.record(name, args);
    });
  };
  syncReport('reportEvent', [
    { name: 'eventId', type: 'String', required: true },
    { name: 'data', type: 'Object' },
  ]);
  syncReport('reportAnalytics', [
    { name: 'eventName', type: 'String', required: true },
    { name: 'data', type: 'Object' },
  ]);
  syncReport('reportMonitor', [
    { name: 'name', type: 'String', required: true },
    { name: 'value', type: 'Number', required: true },
  ]);
  syncReport('reportPerformance', [
    { name: 'id', type: 'Number', required: true },
    { name: 'value', type: 'Number', required: true },
  ]);
  tag(wx, 'recorded', ['reportEvent', 'reportAnalytics', 'reportMonitor', 'reportPerformance']);

  const appId: ParamRules = { appId: str(true) };
  const any: Record<string, { params?: ParamRules; payload?: (o: Record<string, unknown>) => Record<string, unknown> }> = {
    showShareMenu: { params: { withShareTicket: { type: 'Boolean' }, menus: { type: 'Array' } } },
    hideShareMenu: { params: { menus: { type: 'Array' } } },
    updateShareMenu: { params: { withShareTicket: { type: 'Boolean' }, isUpdatableMessage: { type: 'Boolean' }, activityId: str() } },
    showShareImageMenu: { params: { path: str(true) } },
    shareFileMessage: { params: { filePath: str(true), fileName: str() } },
    shareVideoMessage: { params: { videoPath: str(true), thumbPath: str() } },
    shareAppMessageToGroup: { params: { title: str(true), path: str(), imageUrl: str() } },
    shareEmojiToGroup: { params: { imagePath: str(true) } },
    shareFileToGroup: { params: { filePath: str(true) } },
    shareImageToGroup: { params: { imagePath: str(true) } },
    shareVideoToGroup: { params: { videoPath: str(true) } },
    shareToOfficialAccount: { params: { title: str(true), path: str(true) } },
    shareToWeRun: { params: { recordList: { type: 'Array', required: true } } },
    authPrivateMessage: { params: { shareTicket: str(true) }, payload: () => ({ valid: true, iv: '', encryptedData: '' }) },
    getShareInfo: { params: { shareTicket: str(true) }, payload: () => ({ iv: '', encryptedData: '', cloudID: '' }) },
    getGroupEnterInfo: { payload: () => ({ iv: '', encryptedData: '', cloudID: '' }) },
    navigateToMiniProgram: { params: { appId: str(), shortLink: str(), path: str(), extraData: { type: 'Object' }, envVersion: str() } },
    navigateBackMiniProgram: { params: { extraData: { type: 'Object' } } },
    openEmbeddedMiniProgram: { params: appId },
    openCustomerServiceChat: { params: { extInfo: { type: 'Object', required: true }, corpId: str(true) } },
    openOfficialAccountArticle: { params: { url: str(true) } },
    openOfficialAccountChat: { params: { username: str(true) } },
    openOfficialAccountProfile: { params: { username: str(true) } },
    openChannelsActivity: { params: { finderUserName: str(true), feedId: str(true) } },
    openChannelsEvent: { params: { finderUserName: str(true), eventId: str(true) } },
    openChannelsLive: { params: { finderUserName: str(true) } },
    openChannelsLiveNoticeInfo: { params: { finderUserName: str(true) } },
    openChannelsUserProfile: { params: { finderUserName: str(true) } },
    getChannelsLiveInfo: {
      params: { finderUserName: str(true) },
      payload: () => ({ status: 3, nonceId: '', feedId: '', description: '', headUrl: '', nickname: '' }),
    },
    getChannelsLiveNoticeInfo: { params: { finderUserName: str(true) }, payload: () => ({ status: 1, noticeId: '', startTime: '' }) },
    getChannelsShareKey: { payload: () => ({ sharerOpenId: '', promoter: {} }) },
    reserveChannelsLive: { params: { noticeId: str(true) } },
    openStickerIPView: {},
    openStickerSetView: {},
    openSingleStickerView: {},
    openStoreCouponDetail: {},
    openStoreOrderDetail: {},
    openInquiriesTopic: {},
    openDesignerProfile: {},
    openPrivacyContract: {},
    openVideoEditor: { params: { filePath: str(true) } },
    openAppAuthorizeSetting: {},
    openSystemBluetoothSetting: {},
    addCard: { params: { cardList: { type: 'Array', required: true } }, payload: (o) => ({ cardList: o.cardList }) },
    openCard: { params: { cardList: { type: 'Array', required: true } } },
    addFileToFavorites: { params: { filePath: str(true) } },
    addVideoToFavorites: { params: { videoPath: str(true) } },
    checkIsAddedToMyMiniProgram: { payload: () => ({ added: false }) },
    checkIsOpenAccessibility: { payload: () => ({ open: false }) },
    requestSubscribeMessage: {
      params: { tmplIds: { type: 'Array', required: true } },
      payload: (o) => Object.fromEntries((o.tmplIds as unknown[]).map((t) => [String(t), 'accept'])),
    },
    requestSubscribeDeviceMessage: {
      params: { tmplIds: { type: 'Array', required: true }, sn: str(true), snTicket: str(true), modelId: str(true) },
      payload: (o) => Object.fromEntries((o.tmplIds as unknown[]).map((t) => [String(t), 'accept'])),
    },
    requestSubscribeEmployeeMessage: {
      params: { tmplIds: { type: 'Array', required: true }, subscribeScene: { type: 'Number', required: true } },
      payload: (o) => Object.fromEntries((o.tmplIds as unknown[]).map((t) => [String(t), 'accept'])),
    },
    getWeRunData: { payload: () => ({ encryptedData: '', iv: '', cloudID: '' }) },
    sendSms: { params: { phoneNumber: str(), content: str() } },
    saveFileToDisk: { params: { filePath: str(true) } },
    notifyGroupMembers: {
      params: { title: str(true), members: { type: 'Array', required: true }, entrancePath: str(true), type: str(true) },
    },
    selectGroupMembers: { payload: () => ({ members: [] }) },
  };
  recordedAsync(host, wx, any);
  listenerPair<unknown>(host, wx, 'CopyUrl');
  tag(wx, 'recorded', ['onCopyUrl', 'offCopyUrl']);
}
