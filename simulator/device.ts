/**
 * A Device is one simulated phone: its own sandbox directory on disk, storage,
 * album, scripted user, clock and system profile. The runtime reaches files,
 * storage and the network only through a Device.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from './temp-dirs';
import { Album, UserScript } from './album';
import { Clock } from './clock';
import { Connectivity } from './connectivity';
import { SandboxFiles } from './files';
import { DeviceNetwork } from './network';
import { PathScheme, type PathMode } from './paths';
import { PhoneState } from './phone';
import { DeviceStorage, type StorageOptions } from './storage';
import { DEFAULT_SYSTEM, type SystemProfile } from './system';

export interface DeviceOptions {
  /**
   * Sandbox directory. Default: a fresh temp dir, removed by dispose(). When given,
   * it is kept (a second Device on the same dir sees the same files and storage).
   */
  sandboxDir?: string;
  /** `device` (`wxfile://`, the default) or `devtools` (`http://usr`, `http://tmp/...`). */
  pathMode?: PathMode;
  /** Root of the code package (read-only `/a/b` paths). */
  packageDir?: string;
  /** Bytes allowed for user + saved files (default 200 MB). */
  quotaBytes?: number;
  storage?: StorageOptions;
  system?: Partial<SystemProfile>;
  /** Phone clock offset from the host clock, ms. */
  clockOffsetMs?: number;
  /** Fill the album with the default media (default true). */
  defaultAlbum?: boolean;
}

let deviceCounter = 0;

export class Device {
  readonly id: string;
  readonly sandboxDir: string;
  readonly paths: PathScheme;
  readonly files: SandboxFiles;
  readonly storage: DeviceStorage;
  readonly album: Album;
  readonly user: UserScript;
  readonly clock: Clock;
  readonly system: SystemProfile;
  readonly connectivity: Connectivity;
  /** Rules, conditions, request log and transport of this phone (simulator/network). */
  readonly network: DeviceNetwork;
  /** WeChat user, permissions, position, clipboard, screen, foreground and the scripted user's answers (simulator/phone.ts). */
  readonly phone = new PhoneState();
  private readonly ownsSandbox: boolean;
  private disposed = false;
  private readonly disposers: Array<() => void | Promise<void>> = [];

  constructor(readonly options: DeviceOptions = {}) {
    this.id = `device-${process.pid}-${++deviceCounter}`;
    this.ownsSandbox = !options.sandboxDir;
    this.sandboxDir = options.sandboxDir ? path.resolve(options.sandboxDir) : makeTempDir('device');
    fs.mkdirSync(this.sandboxDir, { recursive: true });
    this.paths = new PathScheme(options.pathMode ?? 'device', {
      root: this.sandboxDir,
      user: path.join(this.sandboxDir, 'usr'),
      temp: path.join(this.sandboxDir, 'tmp'),
      saved: path.join(this.sandboxDir, 'store'),
      package: options.packageDir ? path.resolve(options.packageDir) : undefined,
    });
    this.files = new SandboxFiles(this.paths, { quotaBytes: options.quotaBytes });
    this.storage = new DeviceStorage(path.join(this.sandboxDir, 'storage.json'), options.storage);
    this.album = new Album(path.join(this.sandboxDir, 'album'), { defaultMedia: options.defaultAlbum !== false });
    this.user = new UserScript();
    this.clock = new Clock(options.clockOffsetMs ?? 0);
    this.system = { ...DEFAULT_SYSTEM, ...options.system };
    this.connectivity = new Connectivity();
    this.network = new DeviceNetwork(this.connectivity, this.files, this.paths);
    this.onDispose(() => this.network.close());
  }

  /** `wx.env.USER_DATA_PATH` for this Device's path mode. */
  get userDataPath(): string {
    return this.paths.userDataPath;
  }

  /** Host path of a wx path (inside the sandbox; throws FsError for anything else). */
  toHostPath(wxPath: string): string {
    return this.paths.resolve(wxPath).hostPath;
  }

  /** Registers cleanup to run on dispose (servers, sockets, timers owned by this Device). */
  onDispose(fn: () => void | Promise<void>): void {
    this.disposers.push(fn);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Releases everything the Device holds; removes the sandbox dir if the Device created it. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const fn of this.disposers.reverse()) {
      try {
        await fn();
      } catch {
        // keep disposing the rest
      }
    }
    if (this.ownsSandbox) fs.rmSync(this.sandboxDir, { recursive: true, force: true });
  }
}
