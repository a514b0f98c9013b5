/**
 * A cos-wx-sdk-v5 client configured the way the COS docs' getAuthorization
 * examples do it: temporary keys from the app server (`GET /cos/sts`) through
 * the test realm's `wx.request`.
 */
declare const wx: any;

/** What the last getAuthorization handed to the SDK. */
export interface IssuedSts {
  tmpSecretId?: string;
  sessionToken?: string;
}

export interface StsClientOptions {
  /** Also hand the token as `XCosSecurityToken`, the only name releases 0.7–1.1 read (1.4 on read either). */
  legacyTokenName?: boolean;
  /** Filled with what each getAuthorization handed over. */
  issued?: IssuedSts;
}

export function stsCosClient(COS: any, extra: Record<string, unknown> = {}, o: StsClientOptions = {}): any {
  return new COS({
    getAuthorization(_options: unknown, callback: (a: unknown) => void) {
      wx.request({
        url: 'https://appserver.mpsim.test/cos/sts',
        success(res: any) {
          const d = res.data;
          if (o.issued) {
            o.issued.tmpSecretId = d.credentials.tmpSecretId;
            o.issued.sessionToken = d.credentials.sessionToken;
          }
          callback({
            TmpSecretId: d.credentials.tmpSecretId,
            TmpSecretKey: d.credentials.tmpSecretKey,
            SecurityToken: d.credentials.sessionToken,
            ...(o.legacyTokenName ? { XCosSecurityToken: d.credentials.sessionToken } : {}),
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
