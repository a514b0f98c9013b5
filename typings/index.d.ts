/**
 * Public types of mpsim: the programmatic API, the `mpsim` control surface and
 * the globals mini-program code sees. `wx` is typed by miniprogram-api-typings.
 */
/// <reference types="miniprogram-api-typings" />

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

/** The phone's identity and settings (Device option `system`; see README "System info"). */
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
  app?: { networkTimeout?: { request?: number; uploadFile?: number; downloadFile?: number; connectSocket?: number } };
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
  };
  /** Every wx.previewImage call so far, in order. */
  readonly previews: readonly PreviewRecord[];
  idle(): Promise<void>;
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
