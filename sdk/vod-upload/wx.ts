/**
 * The slice of `wx` VODUpload uses. The SDK reaches the phone only through the
 * `wx` global — nothing from Node. (Typed locally rather than through
 * miniprogram-api-typings' global declarations, so importing the SDK does not
 * declare a global `wx` type into the importer's program.)
 */
interface Fail {
  errMsg: string;
}
export interface UploadTaskLike {
  abort(): void;
  onProgressUpdate(cb: (r: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void): void;
}
export interface RequestTaskLike {
  abort(): void;
}
export interface WxLike {
  uploadFile(o: {
    url: string;
    filePath: string;
    name: string;
    formData?: Record<string, string>;
    timeout?: number;
    success?(r: { statusCode: number; data: string; header?: Record<string, string> }): void;
    fail?(e: Fail): void;
  }): UploadTaskLike;
  request(o: {
    url: string;
    method?: string;
    header?: Record<string, string>;
    data?: string | ArrayBuffer;
    dataType?: string;
    responseType?: string;
    timeout?: number;
    success?(r: { statusCode: number; data: unknown; header: Record<string, string> }): void;
    fail?(e: Fail): void;
  }): RequestTaskLike;
  getFileSystemManager(): {
    getFileInfo(o: {
      filePath: string;
      digestAlgorithm?: string;
      success?(r: { size: number; digest: string }): void;
      fail?(e: Fail): void;
    }): void;
    readFile(o: {
      filePath: string;
      position?: number;
      length?: number;
      success?(r: { data: string | ArrayBuffer }): void;
      fail?(e: Fail): void;
    }): void;
  };
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
}

export function getWx(): WxLike {
  const w = (globalThis as { wx?: WxLike }).wx;
  if (!w) throw new Error('VODUpload needs the mini-program `wx` global');
  return w;
}

/** What failed, classified the way the SDK decides between retry, token-expired, cancel and failed. */
export class UploadError extends Error {
  constructor(
    /** OSS/VOD error code (`SecurityTokenExpired`, `NoSuchUpload`...) or ours (`RequestTimeoutError`, `NetworkError`, `cancel`). */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = code === 'cancel' ? 'cancel' : `${code}Error`.replace(/ErrorError$/, 'Error');
  }
}

/** Turns a wx fail errMsg into an UploadError: abort → cancel, timeouts → RequestTimeoutError, the rest NetworkError. */
export function wxFailure(errMsg: string | undefined): UploadError {
  const msg = errMsg ?? 'fail';
  if (/:fail abort$/.test(msg)) return new UploadError('cancel', msg);
  if (/time ?out|timed out|ERR_TIMED_OUT|请求超时/i.test(msg)) return new UploadError('RequestTimeoutError', msg);
  return new UploadError('NetworkError', msg);
}

/** Reads `<Tag>value</Tag>` from a small XML document (OSS answers); no DOMParser on a phone. */
export function xmlValue(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? unescapeXml(m[1]) : undefined;
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An OSS error answer (XML `<Error><Code/><Message/>...`) as an UploadError. */
export function ossError(status: number, body: unknown): UploadError {
  const text = typeof body === 'string' ? body : '';
  const code = xmlValue(text, 'Code') ?? `HTTP${status}`;
  const message = xmlValue(text, 'Message') ?? `OSS answered HTTP ${status}`;
  return new UploadError(code, message, status);
}
