/**
 * The VOD OpenAPI calls VODUpload makes itself in STS mode (research
 * aliyun-vod-oss.md §2.3–§2.4): CreateUploadVideo, RefreshUploadVideo and
 * CreateUploadImage as RPC-style signed GETs to `vod.<region>.aliyuncs.com`,
 * authenticated by the STS AccessKey + SecurityToken. Unlike 1.0.x we send the
 * documented `Timestamp` common parameter.
 */
import { base64Decode, hmacSha1Base64, utf8Decode, uuid4 } from './crypto';
import { getWx, UploadError, wxFailure } from './wx';

export interface StsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
}

export interface UploadAuth {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: string;
  Region?: string;
}

export interface UploadAddress {
  Endpoint: string;
  Bucket: string;
  FileName: string;
}

/** RFC 3986 percent-encoding as the RPC signature wants it. */
export function rpcEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

/** Signed query string for GET (params without Signature). */
export function signRpc(params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${rpcEncode(k)}=${rpcEncode(params[k])}`)
    .join('&');
  const stringToSign = `GET&${rpcEncode('/')}&${rpcEncode(canonical)}`;
  return `${canonical}&Signature=${rpcEncode(hmacSha1Base64(accessKeySecret + '&', stringToSign))}`;
}

/** Decodes a Base64 JSON credential or address; undefined when it is not one. */
export function decodeBase64Json<T>(s: unknown): T | undefined {
  if (typeof s !== 'string' || !s) return undefined;
  try {
    return JSON.parse(utf8Decode(base64Decode(s))) as T;
  } catch {
    return undefined;
  }
}

export function vodCall(
  region: string,
  sts: StsCredentials,
  action: 'CreateUploadVideo' | 'RefreshUploadVideo' | 'CreateUploadImage',
  actionParams: Record<string, string | undefined>,
  requestId: string,
  timeout?: number,
): Promise<Record<string, unknown>> {
  const params: Record<string, string> = {
    AccessKeyId: sts.accessKeyId,
    SecurityToken: sts.securityToken,
    Action: action,
    Version: '2017-03-21',
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: uuid4(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    RequestId: requestId,
  };
  for (const [k, v] of Object.entries(actionParams)) if (v !== undefined && v !== '') params[k] = v;
  const wx = getWx();
  return new Promise((resolve, reject) => {
    wx.request({
      url: `https://vod.${region}.aliyuncs.com/?${signRpc(params, sts.accessKeySecret)}`,
      method: 'GET',
      dataType: 'json',
      ...(timeout ? { timeout } : {}),
      success: (res) => {
        const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as Record<string, unknown>;
        if (res.statusCode === 200 && !body.Code) return resolve(body);
        const code = typeof body.Code === 'string' ? body.Code : 'GetUploadAuthFailed';
        const message = typeof body.Message === 'string' ? body.Message : `VOD ${action} answered HTTP ${res.statusCode}`;
        reject(new UploadError(code, message, res.statusCode));
      },
      fail: (err) => reject(wxFailure(err.errMsg)),
    });
  });
}
