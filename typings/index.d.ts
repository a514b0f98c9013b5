/**
 * Public types of mpsim: the programmatic API, the `mpsim` control surface and
 * the globals mini-program code sees. `wx` is typed by miniprogram-api-typings.
 */
/// <reference path="./wx.d.ts" />

export type PathMode = 'device' | 'devtools';

/** One album item (`mpsim.album.list()`), probed when added. */
export interface AlbumItem {
  /** 0-based position, what `mpsim.user.pick()` refers to. */
  index: number;
  name: string;
  kind: 'image' | 'video';
  /** Host path inside the sandbox dir (not reachable by wx paths). */
  hostPath: string;
  /** Bytes. */
  size: number;
  /** Raw pixels (before EXIF rotation); for videos the track's size. */
  width: number;
  height: number;
  /** Videos: seconds. */
  duration?: number;
  /** e.g. `image/jpeg`, `image/png`, `video/mp4`. */
  mime: string;
  /** Probed format: `jpg`, `png`, `gif`, ... or `mp4` / `mov`. */
  format: string;
  /** Images: EXIF orientation 1..8. */
  exifOrientation?: number;
  /** Unix seconds when added (chooseMessageFile's `time`). */
  time: number;
  /** True for the built-in default media. */
  builtin: boolean;
}

/** A recorded `wx.previewImage` call (`mpsim.previews`). */
export interface PreviewRecord {
  urls: string[];
  current: string;
  showmenu: boolean;
  referrerPolicy: string;
}

type AuthorizeState = 'authorized' | 'denied' | 'not determined';

/** The phone's identity and settings (Device option `system`; see docs/reference/device.md). */
export interface SystemProfile {
  brand: string;
  model: string;
  platform: 'ios' | 'android' | 'ohos' | 'ohos_pc' | 'windows' | 'mac' | 'devtools';
  system: string;
  /** WeChat version. */
  version: string;
  /** Base library version. */
  SDKVersion: string;
  language: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
  screenTop: number;
  safeArea?: { left: number; right: number; top: number; bottom: number; width: number; height: number };
  memorySize: number | string;
  benchmarkLevel: number;
  abi: string;
  deviceAbi: string;
  cpuType: string;
  deviceOrientation: 'portrait' | 'landscape';
  fontSizeSetting: number;
  fontSizeScaleFactor: number;
  enableDebug: boolean;
  theme?: 'light' | 'dark';
  hostAppId: string;
  PCKernelVersion?: string;
  bluetoothEnabled: boolean;
  locationEnabled: boolean;
  wifiEnabled: boolean;
  albumAuthorized: AuthorizeState;
  bluetoothAuthorized: AuthorizeState;
  cameraAuthorized: AuthorizeState;
  locationAuthorized: AuthorizeState;
  locationReducedAccuracy: boolean;
  microphoneAuthorized: AuthorizeState;
  notificationAuthorized: AuthorizeState;
  notificationAlertAuthorized: AuthorizeState;
  notificationBadgeAuthorized: AuthorizeState;
  notificationSoundAuthorized: AuthorizeState;
  phoneCalendarAuthorized: AuthorizeState;
  appId: string;
  envVersion: 'develop' | 'trial' | 'release';
  /** getAccountInfoSync().miniProgram.version. */
  appVersion: string;
}

export interface DeviceOptions {
  sandboxDir?: string;
  pathMode?: PathMode;
  packageDir?: string;
  quotaBytes?: number;
  storage?: { perKeyBytes?: number; totalBytes?: number };
  system?: Partial<SystemProfile>;
  clockOffsetMs?: number;
  defaultAlbum?: boolean;
}

export interface SimulatorOptions extends DeviceOptions {
  global?: Record<string, unknown>;
  console?: Console;
  /**
   * The vm context `global` is the global of (jest: `getVmContext()`): project files are
   * compiled there, so stack positions are the files' own. The jest environment passes it.
   */
  vmContext?: object;
  app?: { networkTimeout?: { request?: number; uploadFile?: number; downloadFile?: number; connectSocket?: number } };
  /** The local cloud this Simulator starts and owns (default on); `false` for none. */
  cloud?: false | CloudOptions;
}

/** COS operation names for fault hooks (`*` = any). */
export type CosOperation =
  | 'PutObject'
  | 'PostObject'
  | 'AppendObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'GetBucket'
  | 'PutBucket'
  | 'HeadBucket'
  | 'ListMultipartUploads'
  | 'InitiateMultipartUpload'
  | 'UploadPart'
  | 'ListParts'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'PutObjectCopy'
  | 'UploadPartCopy'
  | 'DeleteMultipleObjects'
  | 'GetBucketVersions'
  | 'GetBucketAcl'
  | 'PutBucketAcl'
  | 'GetObjectAcl'
  | 'PutObjectAcl'
  | 'GetBucketCors'
  | 'PutBucketCors'
  | 'DeleteBucketCors'
  | 'GetBucketTagging'
  | 'PutBucketTagging'
  | 'DeleteBucketTagging'
  | 'GetObjectTagging'
  | 'PutObjectTagging'
  | 'DeleteObjectTagging'
  | 'Options';

/** `mpsim.servers.cos.faults`: make the next requests of an operation fail, reset or wait. */
export interface CosFaults {
  /** The next `count` (1) requests get `status` (500) with COS error `code` (InternalError/ServiceUnavailable); `serverTime` (ms) sets `Date`. */
  failNext(
    op: CosOperation | '*',
    options?: { count?: number; status?: number; code?: string; message?: string; serverTime?: number },
  ): void;
  /** The next `count` requests have their connection destroyed without a response. */
  resetNext(op: CosOperation | '*', count?: number): void;
  /** The next `count` requests wait `ms` first. */
  delayNext(op: CosOperation | '*', ms: number, count?: number): void;
  /** Every STS key issued so far expires now. */
  expireCredentials(): void;
  clear(): void;
  readonly pending: number;
}

/** The COS server (`mpsim.servers.cos`). */
export interface CosServerControl {
  readonly name: 'cos';
  readonly hosts: readonly string[];
  readonly faults: CosFaults;
  /** The last 1000 requests. */
  readonly log: ReadonlyArray<{
    op: string;
    method: string;
    url: string;
    host: string;
    bucket?: string;
    key?: string;
    status: number;
    code?: string;
    requestId: string;
  }>;
  /** Accounts `{ appid, secretId, secretKey }` (first = default: 1250000000 / AKIDmpsimEXAMPLE / mpsimSECRETKEYexample). */
  readonly accounts: ReadonlyArray<{ appid: string; secretId: string; secretKey: string }>;
  /** Creates a bucket `<name>-<appid>` (needed in strict mode). */
  createBucket(bucket: string): void;
  /** Directory holding the objects. */
  readonly root: string;
}

/** The app server (`mpsim.servers.appserver`): `GET /cos/sts`, `POST /cos/sign`. */
export interface AppServerControl {
  readonly name: 'appserver';
  readonly hosts: readonly string[];
  /** Requests per route, e.g. `calls['GET /cos/sts']`. */
  readonly calls: Readonly<Record<string, number>>;
}

/** `mpsim.servers.oss.faults` / `mpsim.servers.aliyunVod.faults`: same hooks, keyed by OSS operation or VOD action (or `*`). */
export interface AliyunFaults {
  /** The next `count` (1) requests get `status` with error `code` / `message`. */
  failNext(opOrAction: string, options?: { count?: number; status?: number; code?: string; message?: string }): void;
  /** The next `count` requests have their connection destroyed without a response. */
  resetNext(opOrAction: string, count?: number): void;
  /** The next `count` requests wait `ms` first. */
  delayNext(opOrAction: string, ms: number, count?: number): void;
  /** Every STS key issued so far expires now. */
  expireCredentials(): void;
  clear(): void;
  readonly pending: number;
}

/** The Alibaba OSS data plane (`mpsim.servers.oss`, hosts `<bucket>.oss-<region>.aliyuncs.com`). */
export interface OssServerControl {
  readonly name: 'oss';
  readonly hosts: readonly string[];
  /** Fault hooks keyed by operation: `PostObject`, `PutObject`, `UploadPart`, `CompleteMultipartUpload`, ... */
  readonly faults: AliyunFaults;
  /** Every STS credential issued so far (VOD UploadAuth, app-server STS) expires now (→ `403 SecurityTokenExpired`). */
  expireCredentialsNow(): void;
  /** Creates a bucket, optionally homed in a region. */
  createBucket(bucket: string, region?: string): void;
  bucketRegion(bucket: string): string | undefined;
  /** Subscribes to object commits `{ operation, bucket, key, size, etag, region?, notification? }`; returns the unsubscribe function. */
  onObjectCreated(
    listener: (e: {
      operation: string;
      bucket: string;
      key: string;
      size: number;
      etag: string;
      region?: string;
      notification?: string;
    }) => void,
  ): () => void;
  /** The last 1000 requests. */
  readonly log: ReadonlyArray<{
    op: string;
    method: string;
    url: string;
    host: string;
    bucket?: string;
    key?: string;
    status: number;
    code?: string;
    requestId: string;
  }>;
  /** Directory holding the objects. */
  readonly root: string;
}

/** The Alibaba VOD control plane (`mpsim.servers.aliyunVod`, hosts `vod.<region>.aliyuncs.com`). */
export interface AliyunVodServerControl {
  readonly name: 'aliyunVod';
  readonly hosts: readonly string[];
  /** Fault hooks keyed by action: `CreateUploadVideo`, `RefreshUploadVideo`, `CreateUploadImage`, `GetVideoInfo`. */
  readonly faults: AliyunFaults;
  /** Every STS credential issued so far expires now (VOD then answers `InvalidSecurityToken.Expired`). */
  expireCredentialsNow(): void;
  /** The storage bucket (`outin-…`) of a region. */
  storageBucket(region: string): string;
  /** Media records (copies): videos `{ VideoId, Title, FileName, Status, FileKey, Bucket, UserData?, Notification?, Size?, ... }`, images `{ ImageId, ImageURL, Status, ... }`. */
  readonly store: {
    video(id: string): Record<string, unknown> | undefined;
    image(id: string): Record<string, unknown> | undefined;
    videos(): Record<string, unknown>[];
    images(): Record<string, unknown>[];
  };
  /** `{ VideoId, Size, MD5, Status }` of a video's stored source (Size/MD5 null before the upload); undefined for an unknown id. */
  videoSource(videoId: string): Promise<{ VideoId: string; Size: number | null; MD5: string | null; Status: string } | undefined>;
  /** The last 1000 calls. */
  readonly log: ReadonlyArray<{ action: string; method: string; status: number; code?: string; requestId: string }>;
}

/** Tencent VOD for vod-wx-sdk-v2 (`mpsim.servers.tencentVod`, hosts `vod2.qcloud.com`, `vodreport.qcloud.com`). */
export interface TencentVodServerControl {
  readonly name: 'tencentVod';
  readonly hosts: readonly string[];
  /** The bucket uploads go to (`vodugc-<appid>`) and the COS host the SDK signs for. */
  bucketOf(appid: string): string;
  cosHostOf(appid: string): string;
  /** Upload sessions by vodSessionKey: `{ vodSessionKey, appid, videoName, videoKey, coverKey?, applies, fileId? }`. */
  readonly sessions: ReadonlyMap<
    string,
    { vodSessionKey: string; appid: string; videoName: string; videoKey: string; coverKey?: string; applies: number; fileId?: string }
  >;
  /** Committed media by fileId. */
  readonly media: ReadonlyMap<
    string,
    { fileId: string; size: number; md5: string; videoUrl: string; coverSize?: number; coverMd5?: string; coverUrl?: string }
  >;
  /** Telemetry bodies received. */
  readonly reports: readonly unknown[];
  /** The last 1000 requests: `action` is `ApplyUploadUGC`, `CommitUploadUGC`, `cos` (forwarded), `report` or `unknown`. */
  readonly log: ReadonlyArray<{ action: string; status: number; code?: number; message?: string; signatureFailure?: string }>;
  /** Error codes in force (Tencent does not document them; docs/reference/servers.md). */
  readonly errorCodes: Readonly<Record<string, number>>;
}

/**
 * The cloud's servers by name. The default cloud (`createSimulator()`, the jest environment,
 * `mpsim run`) always has these five; with `cloud: false` or your own `cloud.servers` list the
 * object holds only what you mounted.
 */
export type MpsimServers = {
  readonly cos: CosServerControl;
  readonly appserver: AppServerControl;
  readonly oss: OssServerControl;
  readonly aliyunVod: AliyunVodServerControl;
  readonly tencentVod: TencentVodServerControl;
} & Readonly<Record<string, unknown>>;

/** The simulated WeChat user as Cloud Development sees them. */
export interface CloudUser {
  OPENID: string;
  APPID: string;
  UNIONID: string;
}

/** One call the Cloud Development environment received (`mpsim.cloud.calls`). */
export interface CloudCallRecord {
  id: number;
  env: string;
  /** `functions.invokeFunction`, `database.insertDocument`, `database.getDocument`, `storage.getUploadMetadata`, `storage.upload`… */
  action: string;
  /** Function or collection name, or the storage path. */
  target?: string;
  /** `client`: the phone; `function`: a function's wx-server-sdk (admin). */
  source: 'client' | 'function';
  openid?: string;
  startedAt: number;
  endedAt?: number;
  /** The error code when it failed (`FUNCTIONS_EXECUTE_FAIL`, `DATABASE_COLLECTION_NOT_EXIST`…). */
  code?: string;
  /** Functions: the event, the result (JSON text) and the instance's console output. */
  event?: unknown;
  result?: string;
  logs?: string;
}

/** A fault for calls of `action` (or `*`) on `target` (any when omitted). */
export interface CloudFault {
  action: string;
  target?: string;
  /** Fail with this error code (and message). */
  code?: string;
  message?: string;
  /** Answer after this many ms. */
  delayMs?: number;
  /** Number of calls it applies to (default: until removed). */
  times?: number;
}

/** `mpsim.cloud`: the local Cloud Development environment (docs/wx-cloud.md). */
export interface MpsimCloud {
  /** The environment wx.cloud.init() without `env` uses. */
  readonly defaultEnv: string;
  /** Functions live in `dir` (`<project>/cloudfunctions`; mpsim.launch finds them from project.config.json). */
  setFunctionsDir(dir: string, env?: string): void;
  user(): CloudUser;
  setUser(user: Partial<CloudUser>): void;
  /** Replaces collections' documents (creating the collections). */
  seed(data: Record<string, Array<Record<string, unknown>>>, env?: string): void;
  /** Stores files (cloudPath → bytes); resolves to their fileIDs. */
  seedFiles(files: Record<string, Uint8Array | string>, env?: string): Promise<Record<string, string>>;
  /** Every collection's documents. */
  exportData(env?: string): Record<string, Array<Record<string, unknown>>>;
  /** Stored fileIDs. */
  files(env?: string): string[];
  readFile(fileID: string): Buffer | undefined;
  /** Permission of a collection for the phone's requests (default `creator`). */
  setPermission(collection: string, permission: 'creator' | 'read-all' | 'admin-only' | 'all', env?: string): void;
  readonly calls: readonly CloudCallRecord[];
  /** Adds a fault; returns its remover. */
  fault(f: CloudFault): () => void;
  /** Clears faults and the call log. */
  reset(): void;
}

/** A host pattern filter: exact (`test.url`) or with `*` = one DNS label. Default: every host. */
export interface HostFilter {
  host?: string;
}

/** WeChat's network rules as `mpsim.network.rules()` returns/patches them (docs/reference/network.md). */
export interface NetworkRules {
  /** Only https:// (default true); off: http:// goes to the Cloud's plain HTTP listener. */
  httpsOnly: boolean;
  /** Check the legal-domain list (default true). */
  checkDomain: boolean;
  /** `host`, `https://host` or `*` patterns; undefined (default) = every routed host. */
  legalDomains?: string[];
  /** Tasks in flight before further tasks queue (default 10). */
  maxConcurrent: number;
  /** `shared` (default): one queue for request+uploadFile+downloadFile; `per-api`: one each. */
  concurrency: 'shared' | 'per-api';
  /** Default timeout, ms (60000), after per-call `timeout` and app.json `networkTimeout`. */
  timeoutMs: number;
  /** downloadFile body limit (200 MB). */
  downloadLimitBytes: number;
  /** Redirects followed (15). */
  maxRedirects: number;
  /** wx.request ArrayBuffer `data`: false (default) sends from the caller's buffer without a copy; true copies it when the task starts, as the phone does at the call. */
  snapshotRequestData: boolean;
  /** Fail reasons (text after `<api>:fail `) where WeChat does not document the wording. */
  messages: { timeout: string; fileNotFound: string; offline: string; downloadTooLarge: string };
}

export type NetworkRulesPatch = Partial<Omit<NetworkRules, 'messages'>> & { messages?: Partial<NetworkRules['messages']> };

/** One request the Device sent (`mpsim.network.requests`). */
export interface NetworkRequestRecord {
  id: number;
  api: 'request' | 'uploadFile' | 'downloadFile';
  method: string;
  url: string;
  host: string;
  headers: Record<string, string>;
  /** `status=<code>`, `reset` or `hang` when a condition was injected. */
  fault?: string;
  startedAt: number;
  endedAt?: number;
  statusCode?: number;
  error?: string;
  bytesSent: number;
  bytesReceived: number;
}

/** A local cloud server: answers HTTP/1.1 requests for its host patterns. */
export interface LocalServer {
  readonly name: string;
  readonly hosts: readonly string[];
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void;
  close?(): Promise<void>;
}

/** `mpsim.network`: conditions, rules, routes and the request log of the phone (docs/reference/network.md). */
export interface MpsimNetwork {
  /** Phone offline: getNetworkType says `none`; tasks in flight and new ones fail (`<api>:fail fail:network interrupted error`, errno 600003). */
  offline(): void;
  online(): void;
  /** Adds latency (ms) before each matching request. */
  latency(ms: number, filter?: HostFilter): void;
  /** Caps bandwidth in bytes/s: a number for both directions, or `{ upload, download }`. */
  throttle(bytesPerSecond: number | { upload?: number; download?: number }, filter?: HostFilter): void;
  /** The next n matching requests get that status (from the Cloud) or a connection reset mid-body. */
  failNext(n: number, spec: { status: number } | { reset: 'mid-body' }, filter?: HostFilter): void;
  /** Matching requests never get a response (until timeout/abort). */
  hang(filter?: HostFilter): void;
  /** Clears conditions, goes online, restores default rules. */
  reset(): void;
  /** Patches the rules and returns the rules in force. */
  rules(patch?: NetworkRulesPatch): NetworkRules;
  /** Routes a host pattern to a server; returns a function removing the route. */
  route(pattern: string, server: LocalServer): () => void;
  /** Mounts a server on its own `hosts`. */
  mount(server: LocalServer): void;
  /** Hosts matching `pattern` present a `valid`, `untrusted` (another CA) or `expired` certificate. */
  certificate(pattern: string, mode: 'valid' | 'untrusted' | 'expired'): void;
  /** Every request sent, oldest first: at least the last 10000 (older entries are dropped 1000 at a time). */
  readonly requests: readonly NetworkRequestRecord[];
  /** The Cloud's servers by name (e.g. `servers.echo.log`). */
  readonly servers: Readonly<Record<string, LocalServer>>;
  /** Host path of the simulator CA certificate (PEM). */
  readonly caCertPath: string | undefined;
  /**
   * The request log as HAR 1.2 (opens in Chrome DevTools and other HAR viewers): headers,
   * sizes, timings, uploadFile's multipart parts (the file by name, type and size). With
   * `file`, also writes it there as JSON. See docs/reference/network.md.
   */
  har(file?: string): Har;
}

/** HAR 1.2 document (`mpsim.network.har()`). */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
  };
}

/** One request in a HAR document. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: Array<{ name: string; value: string }>;
    headers: Array<{ name: string; value: string }>;
    queryString: Array<{ name: string; value: string }>;
    postData?: {
      mimeType: string;
      text?: string;
      params?: Array<{ name: string; value?: string; fileName?: string; contentType?: string; comment?: string }>;
    };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: Array<{ name: string; value: string }>;
    headers: Array<{ name: string; value: string }>;
    content: { size: number; mimeType: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    /** Why the request got no response (the errMsg reason). */
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  /** `request`, `uploadFile` or `downloadFile`. */
  _api: string;
  _fault?: string;
}

/** Options of the local cloud a Simulator starts (`createSimulator({ cloud })`). */
export interface CloudOptions {
  /** CA location (default `$MPSIM_CACHE_DIR` or `~/.cache/mpsim`). */
  cacheDir?: string;
  listenHost?: string;
  port?: number;
  httpPort?: number;
  servers?: LocalServer[];
}

/** One wx call as `mpsim.calls()` reports it. */
export interface WxCallRecord {
  name: string;
  args: readonly unknown[];
  status: 'pending' | 'ok' | 'fail';
  /** Async APIs: the `{ errMsg, ... }` object; Sync ones: the returned value or the thrown Error. */
  result?: unknown;
  overridden: boolean;
  startedAt: number;
  endedAt?: number;
}

/** Permission scopes of wx.authorize / wx.getSetting. */
export type WxScope =
  | 'scope.userInfo'
  | 'scope.userLocation'
  | 'scope.userFuzzyLocation'
  | 'scope.userLocationBackground'
  | 'scope.record'
  | 'scope.camera'
  | 'scope.bluetooth'
  | 'scope.writePhotosAlbum'
  | 'scope.addPhoneContact'
  | 'scope.addPhoneCalendar'
  | 'scope.werun'
  | 'scope.address'
  | 'scope.invoiceTitle'
  | 'scope.invoice';

export interface WxUserProfile {
  nickName: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  country: string;
  province: string;
  city: string;
  language: string;
}

export interface MpsimControl {
  device: {
    readonly sandboxDir: string;
    readonly pathMode: PathMode;
    toHostPath(wxPath: string): string;
    setClockOffset(ms: number): void;
  };
  album: {
    /** Adds a host file or bytes (image or MP4/MOV); throws for unreadable or unknown media. */
    add(fileOrBytes: string | Uint8Array | ArrayBuffer, options?: { name?: string }): AlbumItem;
    list(): readonly AlbumItem[];
  };
  user: {
    /** The next chooser picks exactly these album items. */
    pick(indexes: number[]): void;
    /** The next chooser fails with `<api>:fail cancel`. */
    cancelNext(): void;
    /** Answers of the next authorize prompts (first use of a scope), then the default `allow` (docs/wx-api.md). */
    answerAuthorize(...answers: Array<'allow' | 'deny'>): void;
    /** Presets a scope as answered before (no prompt then). */
    setAuthorized(scope: WxScope, granted: boolean): void;
    /** Forgets every answered scope. */
    resetAuthorizations(): void;
    /** What the user toggles on the next wx.openSetting page. */
    changeSettings(changes: Partial<Record<WxScope, boolean>>): void;
    /** The profile getUserProfile / getUserInfo report (merged over `微信用户`). */
    setProfile(profile: Partial<WxUserProfile>): void;
    /** The next getUserProfile sheets (default allow). */
    answerProfile(...answers: Array<'allow' | 'deny'>): void;
    /** The next requestPayment sheets (default confirm). */
    pay(...answers: Array<'confirm' | 'cancel' | { fail: string }>): void;
    /** The next scanCode results (default `{ result: 'mpsim', scanType: 'QR_CODE' }`) or `'cancel'`. */
    scan(...results: Array<{ result: string; scanType?: string; charSet?: string; path?: string; rawData?: string } | 'cancel'>): void;
    /** The next chooseLocation / choosePoi picks (default: the phone's position) or `'cancel'`. */
    chooseLocation(...places: Array<{ name: string; address: string; latitude: number; longitude: number } | 'cancel'>): void;
    /** The next chooseAddress answers (merged over the default address) or `'cancel'`. */
    chooseAddress(...answers: Array<Record<string, string> | 'cancel'>): void;
  };
  /** Position, foreground/background, keyboard, sensors, clipboard, update, recorded calls (docs/wx-api.md). */
  phone: {
    /** The phone state itself (read-only use in tests). */
    readonly state: Record<string, unknown>;
    moveTo(position: { latitude: number; longitude: number; accuracy?: number; altitude?: number; speed?: number }): void;
    /** wx.onAppHide listeners fire. */
    background(): void;
    /** wx.onAppShow listeners fire with the enter options (merged over the launch options). */
    foreground(options?: { path?: string; scene?: number; query?: Record<string, string> }): void;
    /** Keyboard height in px (0 hides it): wx.onKeyboardHeightChange fires. */
    keyboard(height: number): void;
    /** `accelerometer`, `compass`, `gyroscope`, `deviceMotion`, `memoryWarning`, `theme`, `battery`, `windowResize`, `captureScreen`, `screenRecording`. */
    emit(event: string, value?: unknown): void;
    clipboard: string;
    setUpdate(update: { hasUpdate: false } | { hasUpdate: true; ready: boolean }): void;
    setLaunchOptions(options: { path?: string; scene?: number; query?: Record<string, string> }): void;
    /** Calls of recorded APIs (reports, shares, vibrations, phone calls, context methods...). */
    records(api?: string): Array<{ api: string; target?: string; args: unknown[]; at: number }>;
    /** Objects handed out by create*Context and the other recorded factories; `emit('Ended')` fires their listeners. */
    readonly contexts: ReadonlyArray<{
      id: string;
      type: string;
      object: Record<string, unknown>;
      emit(event: string, arg?: unknown): void;
    }>;
  };
  /** The simulated WeChat auth service (api.weixin.qq.com /sns/jscode2session) as this phone's app sees it. */
  wechat: {
    readonly appSecret: string;
    readonly openid: string;
    readonly sessionKey: string | undefined;
    /** wx.checkSession fails until the next login and exchange. */
    expireSession(): void;
    setAppSecret(secret: string): void;
    /** The next n exchanges answer this errcode (45011, -1, 40226...). */
    failNext(n: number, errcode: number, errmsg?: string): void;
  };
  /** Every wx call (of `name`, or all), oldest first. */
  calls(name?: string): WxCallRecord[];
  clearCalls(name?: string): void;
  /**
   * Replaces wx.<name> until restore(): a function (gets the arguments; returns the success payload,
   * throws or returns `{ errMsg: '<x>:fail <reason>' }` to fail) or a fixed result. Validation, errMsg,
   * success/fail/complete and promises stay the client's.
   */
  override(name: string, implOrResult: unknown): void;
  /** Removes the override of `name` (all when omitted). */
  restore(name?: string): void;
  /** What wx.<name> is on this simulator (undefined: not on wx). */
  kindOf(name: string): 'simulated' | 'scripted' | 'recorded' | 'unsupported' | undefined;
  /** Every wx.previewImage call so far, in order. */
  readonly previews: readonly PreviewRecord[];
  /** The cloud's servers by name; the default cloud has `cos`, `appserver`, `oss`, `aliyunVod` and `tencentVod` (docs/reference/servers.md). */
  readonly servers: MpsimServers;
  /** The local Cloud Development environment behind `wx.cloud` (docs/wx-cloud.md). */
  cloud: MpsimCloud;
  /** The phone's network: conditions, WeChat rules, routes, certificates, request log. */
  readonly network: MpsimNetwork;
  idle(): Promise<void>;
  /**
   * Loads the mini-program project in `projectDir` (app.json, app.js, pages, components), runs
   * App onLaunch/onShow and opens the first page (or `options.path`); resolves after its onReady.
   */
  launch(projectDir: string, options?: LaunchOptions): Promise<AppHandle>;
}

/** Options of `mpsim.launch`. */
export interface LaunchOptions {
  /** First page (default: app.json entryPagePath or pages[0]); may carry `?query`. */
  path?: string;
  /** Launch query, merged with the path's query. */
  query?: Record<string, string>;
  /** Scene passed to App onLaunch/onShow (default 1001). */
  scene?: number;
}

/** A wx.showToast / wx.showLoading as recorded. */
export interface ToastRecord {
  kind: 'toast' | 'loading';
  title: string;
  icon: string;
  image?: string;
  duration: number;
  mask: boolean;
  /** Route of the page it was shown on. */
  page?: string;
  /** Still on screen (until hidden, replaced, or its duration ran out). */
  visible: boolean;
}

/** How the scripted user answers a modal. */
export interface ModalAnswer {
  confirm?: boolean;
  cancel?: boolean;
  /** Text typed into an editable modal. */
  content?: string;
}

/** A wx.showModal as recorded; `answer` is undefined while it is open. */
export interface ModalRecord {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  confirmText: string;
  editable: boolean;
  placeholderText: string;
  page?: string;
  answer?: { confirm: boolean; cancel: boolean; content?: string };
}

/** `this` of page and component code, as the tests see it. */
export interface PageInstance extends Record<string, any> {
  data: Record<string, any>;
  /** Route (pages) or component path. */
  is: string;
  route?: string;
  options?: Record<string, string>;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  selectComponent(selector: string): PageInstance | null;
  selectAllComponents(selector: string): PageInstance[];
  triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean; composed?: boolean; capturePhase?: boolean }): void;
  /** Recorded in `app.animations`; `callback` runs after `duration` ms (a ScrollTimeline object instead: recorded only). */
  animate(
    selector: string,
    keyframes: Array<Record<string, unknown>>,
    duration: number,
    callback?: (() => void) | Record<string, unknown>,
  ): void;
  clearAnimation(selector: string, options?: Record<string, boolean> | (() => void), callback?: () => void): void;
  /** The page's `custom-tab-bar` component instance (app.json `tabBar.custom: true`, tab pages), else null. */
  getTabBar(): PageInstance | null;
}

/** What `this.animate` / `this.clearAnimation` recorded (`app.animations`). */
export interface AnimationRecord {
  kind: 'animate' | 'clear';
  /** Path of the component (or route of the page) that called it. */
  component: string;
  selector: string;
  keyframes?: Array<Record<string, unknown>>;
  duration?: number;
  scrollTimeline?: Record<string, unknown>;
  /** clearAnimation's options (undefined: every property). */
  options?: Record<string, boolean>;
}

/** Minimal element surface (happy-dom elements) returned by `page.$`. */
export interface RenderedElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  readonly dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): RenderedElement | null;
  querySelectorAll(selector: string): Iterable<RenderedElement> & { length: number };
}

export interface WaitForOptions {
  /** ms before giving up (default 5000). */
  timeout?: number;
  /** ms between checks (default 5). */
  interval?: number;
}

/** One open page in a test (see docs/reference/testing-pages.md). */
export interface PageHandle {
  readonly instance: PageInstance;
  readonly route: string;
  readonly options: Record<string, string>;
  readonly data: Record<string, any>;
  readonly root: RenderedElement;
  $(selector: string): RenderedElement | null;
  $$(selector: string): RenderedElement[];
  html(selector?: string): string;
  text(selector: string): string;
  component(selector: string): PageInstance | null;
  /** Taps at page point `at` (default 0,0): `detail.x/y` and the touches carry it. */
  tap(selector: string, at?: { x?: number; y?: number }): Promise<void>;
  longpress(selector: string): Promise<void>;
  /** touchstart at (x, y), `steps` touchmoves (default 5) to (x + dx, y + dy), touchend. */
  swipe(selector: string, move?: { dx?: number; dy?: number; x?: number; y?: number; steps?: number }): Promise<void>;
  input(selector: string, value: string): Promise<void>;
  confirm(selector: string): Promise<void>;
  change(selector: string, value: unknown): Promise<void>;
  submit(selector: string): Promise<void>;
  trigger(selector: string, type: string, detail?: unknown): Promise<void>;
  setData(data: Record<string, unknown>): Promise<void>;
  waitFor(predicate: string | ((page: PageHandle) => unknown), options?: WaitForOptions): Promise<void>;
  /** Title (page json, app.json window, wx.setNavigationBarTitle), loading, colours. */
  readonly navigationBar: { title: string; loading: boolean; frontColor?: string; backgroundColor?: string };
  /** True between a pull-down refresh and wx.stopPullDownRefresh. */
  readonly refreshing: boolean;
  pullDownRefresh(): Promise<void>;
  reachBottom(): Promise<void>;
}

/** Page-to-page channel of wx.navigateTo `events`. */
export interface EventChannel {
  on(name: string, fn: (...args: any[]) => void): void;
  once(name: string, fn: (...args: any[]) => void): void;
  off(name: string, fn?: (...args: any[]) => void): void;
  emit(name: string, ...args: unknown[]): void;
}

/** The launched app in a test. */
export interface AppHandle {
  /** What getApp() returns. */
  readonly instance: Record<string, any> | undefined;
  readonly currentPage: PageHandle;
  readonly pageStack: PageHandle[];
  readonly toasts: readonly ToastRecord[];
  readonly modals: readonly ModalRecord[];
  readonly actionSheets: ReadonlyArray<{ itemList: string[]; tapIndex?: number; cancelled?: boolean }>;
  readonly routes: ReadonlyArray<{ kind: string; route: string; query: Record<string, string> }>;
  /** Every wx.pageScrollTo so far. */
  readonly scrolls: ReadonlyArray<{ page?: string; scrollTop?: number; selector?: string; duration: number }>;
  /** Every `this.animate` / `this.clearAnimation` of page and component code so far. */
  readonly animations: readonly AnimationRecord[];
  answerNextModal(answer: ModalAnswer): void;
  answerModal(answer: ModalAnswer): boolean;
  /**
   * The rect selector queries and intersection observers report for elements matching
   * `selector` (there is no layout engine: docs/pages.md; later calls win).
   */
  setRect(selector: string, rect: { left?: number; top?: number; width?: number; height?: number }): void;
  answerNextActionSheet(answer: number | 'cancel'): void;
  navigateTo(url: string, events?: Record<string, (...args: any[]) => void>): Promise<PageHandle>;
  navigateToWithChannel(
    url: string,
    events?: Record<string, (...args: any[]) => void>,
  ): Promise<{ page: PageHandle; eventChannel: EventChannel }>;
  redirectTo(url: string): Promise<PageHandle>;
  navigateBack(delta?: number): Promise<PageHandle>;
  switchTab(url: string): Promise<PageHandle>;
  reLaunch(url: string): Promise<PageHandle>;
  close(): Promise<void>;
}

export declare class Simulator {
  readonly wx: WechatMiniprogram.Wx;
  readonly mpsim: MpsimControl;
  globals(): Record<string, unknown>;
  install(target: Record<string, unknown>, opts?: { window?: boolean }): void;
  dispose(): Promise<void>;
}

export declare function createSimulator(options?: SimulatorOptions): Promise<Simulator>;

declare global {
  // eslint-disable-next-line no-var
  var mpsim: MpsimControl;

  namespace WechatMiniprogram {
    /**
     * The legacy file APIs mpsim keeps on `wx` for old code (no longer in the typings' `Wx`).
     * Promise style when no success/fail/complete key is given; errMsg under their own names.
     */
    interface Wx {
      /** Moves a temp file to a saved file (`wxfile://store_<32 hex>.<ext>`) or to `filePath`. */
      saveFile(
        option: LegacyFileOption & { tempFilePath: string; filePath?: string },
      ): Promise<{ errMsg: string; savedFilePath: string }> | void;
      /** Saved files with size (bytes) and createTime (seconds). */
      getSavedFileList(
        option?: LegacyFileOption,
      ): Promise<{ errMsg: string; fileList: Array<{ filePath: string; size: number; createTime: number }> }> | void;
      getSavedFileInfo(
        option: LegacyFileOption & { filePath: string },
      ): Promise<{ errMsg: string; size: number; createTime: number }> | void;
      removeSavedFile(option: LegacyFileOption & { filePath: string }): Promise<{ errMsg: string }> | void;
      /** Size and hex digest (md5 by default). */
      getFileInfo(
        option: LegacyFileOption & { filePath: string; digestAlgorithm?: 'md5' | 'sha1' | 'sha256' },
      ): Promise<{ errMsg: string; size: number; digest: string }> | void;
    }
    /** Callbacks of the legacy file APIs. */
    interface LegacyFileOption {
      success?: (res: { errMsg: string } & Record<string, unknown>) => void;
      fail?: (res: { errMsg: string; errno?: number }) => void;
      complete?: (res: { errMsg: string } & Record<string, unknown>) => void;
    }
  }
}
