/**
 * Public types of mpsim: the programmatic API, the `mpsim` control surface and
 * the globals mini-program code sees. `wx` is typed by miniprogram-api-typings.
 */
/// <reference types="miniprogram-api-typings" />

export type PathMode = 'device' | 'devtools';

export interface AlbumItem {
  index: number;
  name: string;
  kind: 'image' | 'video';
  hostPath: string;
  size: number;
}

export interface DeviceOptions {
  sandboxDir?: string;
  pathMode?: PathMode;
  packageDir?: string;
  quotaBytes?: number;
  storage?: { perKeyBytes?: number; totalBytes?: number };
  system?: Record<string, unknown>;
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
    add(fileOrBytes: string | Uint8Array, options?: { name?: string }): AlbumItem;
    list(): readonly AlbumItem[];
  };
  user: {
    pick(indexes: number[]): void;
    cancelNext(): void;
  };
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
}
