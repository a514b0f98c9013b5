/**
 * The control surface: the documented `mpsim` object that tests and scripts use
 * to drive the simulated phone and cloud. Every name here is public API
 * (documented in docs/reference/ and typings/index.d.ts) — keep them stable.
 */
import type { AlbumItem, PreviewRecord } from './simulator/album';
import type { Device } from './simulator/device';
import { createNetworkControl, type NetworkControl } from './simulator/network/control';
import { createCloudControl, type CloudControl } from './simulator/servers/tcb/control';
import type { RuntimeHost } from './runtime/host';
import type { AppServer } from './simulator/servers/appserver';
import type { CosServer } from './simulator/servers/cos';
import type { OssServer } from './simulator/servers/oss';
import type { AliyunVodServer } from './simulator/servers/vod-aliyun';
import type { TencentVodServer } from './simulator/servers/vod-tencent';
import type { LocalServer } from './simulator/servers/types';
import { AppHandle } from './runtime/page/harness';
import { pagesOf, type LaunchOptions } from './runtime/page/runtime';
import { Project } from './simulator/project';
import { callLogOf, type CallRecord } from './runtime/calls';
import { contextsOf, type ContextHandle } from './runtime/contexts';
import { kindOf, type ApiKind } from './runtime/kinds';
import {
  createPhoneControl,
  createUserAnswers,
  createWeChatControl,
  type PhoneControl,
  type UserAnswersControl,
  type WeChatControl,
} from './simulator/phone-control';
import * as nodePath from 'node:path';
import { registerCloudFunctions } from './simulator/servers/tcb/project';
import { toHar, writeHar, type Har } from './simulator/network/har';

/** `mpsim.network`: the phone's network controls plus the request log as HAR. */
export type MpsimNetworkControl = NetworkControl & {
  /** The request log as HAR 1.2; with `file`, also written there (JSON). */
  har(file?: string): Har;
};

/** Servers of the simulator's cloud, by name. */
export type MpsimServers = Readonly<Record<string, LocalServer>> & {
  readonly cos?: CosServer;
  readonly appserver?: AppServer;
  readonly oss?: OssServer;
  readonly aliyunVod?: AliyunVodServer;
  readonly tencentVod?: TencentVodServer;
};

export interface MpsimControl {
  device: {
    /** The sandbox dir on the host. */
    readonly sandboxDir: string;
    /** `device` or `devtools`. */
    readonly pathMode: string;
    /** Host path of a wx path (throws for paths outside the sandbox). */
    toHostPath(wxPath: string): string;
    /** Shifts the phone clock (ms; positive = ahead of the host). */
    setClockOffset(ms: number): void;
  };
  album: {
    /** Adds a host file or bytes (image or MP4/MOV), probed; throws for unreadable or unknown media. */
    add(fileOrBytes: string | Uint8Array | ArrayBuffer, options?: { name?: string }): AlbumItem;
    list(): readonly AlbumItem[];
  };
  user: UserAnswersControl & {
    /** The next chooser picks these album items (0-based indexes). */
    pick(indexes: number[]): void;
    /** The next chooser is cancelled (`<api>:fail cancel`). */
    cancelNext(): void;
  };
  /** Position, foreground/background, keyboard, sensors, clipboard, update, records (docs/wx-api.md). */
  phone: PhoneControl & {
    /** Every object the recorded factories handed out (create*Context, audio, ads...): `emit(event)` fires its listeners. */
    readonly contexts: readonly ContextHandle[];
  };
  /** The simulated WeChat auth service as this phone's app sees it (jscode2session secret, openid, session). */
  wechat: WeChatControl;
  /** Every wx call (of `name`, or all), oldest first: `{ name, args, status, result, overridden, startedAt, endedAt }`. */
  calls(name?: string): CallRecord[];
  /** Forgets the call history (of `name`, or all). */
  clearCalls(name?: string): void;
  /**
   * Replaces wx.<name> until restore(): a function (gets the arguments; returns the
   * success payload, throws or returns `{ errMsg: '<x>:fail <reason>' }` to fail) or a
   * fixed result. Still goes through the calling convention (validation, errMsg,
   * success/fail/complete, promise).
   */
  override(name: string, implOrResult: unknown): void;
  /** Removes the override of `name` (all overrides when omitted). */
  restore(name?: string): void;
  /** What wx.<name> is here: simulated, scripted, recorded or unsupported (undefined: not on wx). */
  kindOf(name: string): ApiKind | undefined;
  /** Every wx.previewImage call so far, in order: `{ urls, current, showmenu, referrerPolicy }`. */
  readonly previews: readonly PreviewRecord[];
  /** The Device's network: conditions, WeChat rules, routes, certificates, request log (docs/reference/network.md). */
  network: MpsimNetworkControl;
  /**
   * The cloud's servers by name: `servers.cos` (fault hooks `faults`, `store`, `log`, `authority`),
   * `servers.appserver`, `servers.oss`, `servers.aliyunVod` and `servers.tencentVod` on the default
   * cloud (docs/reference/servers.md);
   * `{}` without a cloud.
   */
  readonly servers: MpsimServers;
  /** The local Cloud Development environment behind wx.cloud (docs/wx-cloud.md). */
  cloud: CloudControl;
  /** Resolves once no wx call or task is in flight. */
  idle(): Promise<void>;
  /**
   * Loads the mini-program project in `projectDir` (app.json, app.js, pages,
   * components), runs App onLaunch/onShow and opens the first page (or
   * `options.path`). Resolves after that page's onReady. See docs/reference/testing-pages.md.
   */
  launch(projectDir: string, options?: LaunchOptions): Promise<AppHandle>;
}

export function createControl(device: Device, host: RuntimeHost, wx: Record<string, unknown> = {}): MpsimControl {
  const calls = callLogOf(host);
  const phone = createPhoneControl(device);
  return {
    device: {
      get sandboxDir() {
        return device.sandboxDir;
      },
      get pathMode() {
        return device.paths.mode;
      },
      toHostPath: (wxPath: string) => device.toHostPath(wxPath),
      setClockOffset: (ms: number) => device.clock.setOffset(ms),
    },
    album: {
      add: (fileOrBytes, options) => device.album.add(fileOrBytes, options),
      list: () => device.album.list(),
    },
    user: {
      ...createUserAnswers(device),
      pick: (indexes) => device.user.pick(indexes),
      cancelNext: () => device.user.cancelNext(),
    },
    phone: Object.defineProperty(phone, 'contexts', { get: () => contextsOf(host), enumerable: true }) as MpsimControl['phone'],
    wechat: createWeChatControl(device),
    calls: (name) => calls.calls(name),
    clearCalls: (name) => calls.clear(name),
    override: (name, implOrResult) => calls.override(name, implOrResult),
    restore: (name) => calls.restore(name),
    kindOf: (name) => kindOf(wx, name),
    get previews() {
      return device.user.previews;
    },
    network: Object.assign(createNetworkControl(device), {
      har: (file?: string) => {
        if (file === undefined) return toHar(device.network.requests);
        if (typeof file !== 'string' || file === '') throw new TypeError('mpsim.network.har(file): file must be a non-empty path string');
        return writeHar(file, device.network.requests);
      },
    }),
    get servers() {
      return (device.network.attachedCloud?.servers ?? {}) as MpsimServers;
    },
    cloud: createCloudControl(device),
    idle: () => host.idle(),
    launch: async (projectDir, options) => {
      const rt = pagesOf(host);
      const dir = nodePath.resolve(String(projectDir));
      // A Cloud Development project's functions (project.config.json `cloudfunctionRoot`).
      registerCloudFunctions(device, dir);
      await rt.launch(new Project(dir), options);
      return new AppHandle(rt);
    },
  };
}
