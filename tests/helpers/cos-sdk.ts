/**
 * A cos-wx-sdk-v5 client configured the way the COS docs' getAuthorization
 * examples do it: temporary keys from the app server (`GET /cos/sts`) through
 * the test realm's `wx.request`.
 */
declare const wx: any;

export function stsCosClient(COS: any, extra: Record<string, unknown> = {}): any {
  return new COS({
    getAuthorization(_options: unknown, callback: (a: unknown) => void) {
      wx.request({
        url: 'https://appserver.mpsim.test/cos/sts',
        success(res: any) {
          const d = res.data;
          callback({
            TmpSecretId: d.credentials.tmpSecretId,
            TmpSecretKey: d.credentials.tmpSecretKey,
            SecurityToken: d.credentials.sessionToken,
            StartTime: d.startTime,
            ExpiredTime: d.expiredTime,
          });
        },
        fail: (e: unknown) => callback({ error: e }),
      });
    },
    ...extra,
  });
}
