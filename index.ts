/**
 * mpsim's programmatic API: create a simulator (a Device plus the runtime on it)
 * and install the mini-program globals into a global object.
 *
 *   const sim = await createSimulator();
 *   sim.install(globalThis);      // wx, mpsim, window
 *   ...mini-program code...
 *   await sim.dispose();
 */
import { createControl, type MpsimControl } from './control';
import { RuntimeHost, type AppConfig } from './runtime/host';
import { pagesOf } from './runtime/page/runtime';
import { mainRealm, realmOf } from './runtime/realm';
import { createWx } from './runtime/wx';
import { Cloud, type CloudOptions } from './simulator/cloud';
import { Device, type DeviceOptions } from './simulator/device';
import { sweepStaleTempDirs } from './simulator/temp-dirs';

export interface SimulatorOptions extends DeviceOptions {
  /** The global object mini-program code will see (default: Node's globalThis). */
  global?: Record<string, unknown>;
  /**
   * The vm context `global` is the global of (jest environments have it as
   * `getVmContext()`): project files are compiled there, so stack positions are exact.
   */
  vmContext?: object;
  /** Console the runtime reports script errors on (default: the global's console). */
  console?: Console;
  app?: AppConfig;
  /**
   * The local cloud (HTTPS + HTTP listeners on 127.0.0.1, routed servers) this
   * Simulator starts and owns (default: started with the echo server). `false`:
   * none — every request then fails as unrouted.
   */
  cloud?: false | CloudOptions;
}

export class Simulator {
  readonly device: Device;
  readonly host: RuntimeHost;
  readonly wx: Record<string, unknown>;
  readonly mpsim: MpsimControl;
  /** The local cloud requests are routed to (undefined with `cloud: false`). */
  readonly cloud?: Cloud;
  private readonly scriptErrorListeners = new Set<(error: unknown, where: string) => void>();
  private installedOn: Array<{ target: Record<string, unknown>; previous: Map<string, PropertyDescriptor | undefined> }> = [];

  constructor(options: SimulatorOptions = {}, cloud?: Cloud) {
    const global = options.global ?? (globalThis as unknown as Record<string, unknown>);
    const realm = options.global ? realmOf(global) : mainRealm;
    const console = options.console ?? (global.console as Console | undefined) ?? globalThis.console;
    this.device = new Device(options);
    this.cloud = cloud;
    if (cloud) this.device.network.attach(cloud);
    this.host = new RuntimeHost(this.device, realm, console);
    // thirdScriptError (a throw in onLoad, in a wx callback, ...) is logged as on the phone;
    // onScriptError listeners (the jest environment's and `mpsim run`'s `pageErrors: 'fail'`) see it too.
    const report = this.host.reportScriptError.bind(this.host);
    this.host.reportScriptError = (error: unknown, where: string) => {
      report(error, where);
      for (const fn of this.scriptErrorListeners) fn(error, where);
    };
    if (options.app) this.host.appConfig = options.app;
    this.wx = createWx(this.host);
    // Project files (mpsim.launch) run against this global, in its realm.
    pagesOf(this.host).global = global;
    pagesOf(this.host).vmContext = options.vmContext;
    this.mpsim = createControl(this.device, this.host, this.wx);
  }

  /**
   * Calls `listener` for every error mini-program code throws where the phone reports a
   * `thirdScriptError` (page and app lifecycles, event handlers, wx callbacks), after it was
   * logged. Returns the remover.
   */
  onScriptError(listener: (error: unknown, where: string) => void): () => void {
    this.scriptErrorListeners.add(listener);
    return () => this.scriptErrorListeners.delete(listener);
  }

  /** The globals mini-program code expects, by name. */
  globals(): Record<string, unknown> {
    const pages = pagesOf(this.host);
    return {
      wx: this.wx,
      mpsim: this.mpsim,
      // App / Page / Component registration for projects loaded with mpsim.launch.
      App: pages.App,
      Page: pages.Page,
      Component: pages.Component,
      Behavior: pages.Behavior,
      getApp: pages.getApp,
      getCurrentPages: pages.getCurrentPages,
    };
  }

  /**
   * Installs the globals on `target`. With `window: true` also defines a `window`
   * object for SDK UMD wrappers (research cos-vod-protocol §0.2) — only do that on a
   * global that belongs to mini-program code alone (a jest test context); under
   * `mpsim run` the module loader passes `window` to mini-program modules instead.
   */
  install(target: Record<string, unknown>, opts: { window?: boolean } = {}): void {
    const previous = new Map<string, PropertyDescriptor | undefined>();
    const values = this.globals();
    if (opts.window) values.window = { wx: this.wx };
    for (const [name, value] of Object.entries(values)) {
      previous.set(name, Object.getOwnPropertyDescriptor(target, name));
      Object.defineProperty(target, name, { value, configurable: true, writable: true, enumerable: false });
    }
    this.installedOn.push({ target, previous });
  }

  /** Removes installed globals (restoring what was there) and disposes the Device. */
  async dispose(): Promise<void> {
    for (const { target, previous } of this.installedOn.splice(0)) {
      for (const [name, desc] of previous) {
        if (desc) Object.defineProperty(target, name, desc);
        else delete target[name];
      }
    }
    await this.device.dispose();
    await this.cloud?.close();
  }
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  // Temp dirs of processes that died without cleaning up (SIGKILL, a killed jest worker).
  sweepStaleTempDirs();
  // Cloud.start mounts every default server (simulator/servers/index.ts: COS + app server,
  // Alibaba OSS + VOD, Tencent VOD) unless `cloud.servers` says otherwise. Mounting a second
  // set here would shadow the first by name and leave it unclosed and half-wired.
  const cloud = options.cloud === false ? undefined : await Cloud.start(options.cloud ?? {});
  return new Simulator(options, cloud);
}

export { Device, type DeviceOptions } from './simulator/device';
export { Cloud, type CloudOptions } from './simulator/cloud';
export type { MpsimControl } from './control';
