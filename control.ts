/**
 * The control surface: the documented `mpsim` object that tests and scripts use
 * to drive the simulated phone and cloud. Every name here is public API
 * (documented in docs/reference/ and typings/index.d.ts) — keep them stable.
 */
import type { AlbumItem, PreviewRecord } from './simulator/album';
import type { Device } from './simulator/device';
import { createNetworkControl, type NetworkControl } from './simulator/network/control';
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
import * as nodePath from 'node:path';
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
  user: {
    /** The next chooser picks these album items (0-based indexes). */
    pick(indexes: number[]): void;
    /** The next chooser is cancelled (`<api>:fail cancel`). */
    cancelNext(): void;
  };
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
  /** Resolves once no wx call or task is in flight. */
  idle(): Promise<void>;
  /**
   * Loads the mini-program project in `projectDir` (app.json, app.js, pages,
   * components), runs App onLaunch/onShow and opens the first page (or
   * `options.path`). Resolves after that page's onReady. See docs/reference/testing-pages.md.
   */
  launch(projectDir: string, options?: LaunchOptions): Promise<AppHandle>;
}

export function createControl(device: Device, host: RuntimeHost): MpsimControl {
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
      pick: (indexes) => device.user.pick(indexes),
      cancelNext: () => device.user.cancelNext(),
    },
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
    idle: () => host.idle(),
    launch: async (projectDir, options) => {
      const rt = pagesOf(host);
      await rt.launch(new Project(nodePath.resolve(String(projectDir))), options);
      return new AppHandle(rt);
    },
  };
}
