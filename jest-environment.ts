/**
 * `testEnvironment: 'mpsim/jest-environment'` — every test file gets a fresh
 * simulated phone (own sandbox dir, storage, album, network) with the
 * mini-program globals installed (`wx`, `mpsim`, `window`), disposed after the
 * file (no temp dirs left behind). jest workers and `--shard` share no state.
 *
 * Per-project options go in `testEnvironmentOptions: { mpsim: {...} }`, per-file
 * options in a docblock: `@jest-environment-options {"mpsim": {"pathMode": "devtools"}}`.
 * Besides every Simulator option, `unhandledRejections: 'log' | 'fail'` (default
 * `'log'`, as the phone) decides whether an unhandled rejection fails the test, and
 * `pageErrors: 'log' | 'fail'` (default `'log'`) whether a `thirdScriptError` (a throw in
 * onLoad, an event handler, a wx callback) does.
 *
 * When a test ends, every `page.waitFor` still polling stops (its promise rejects), so an
 * abandoned wait never outlives its test.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { createSimulate, type SessionHooks } from './simulate/engine';
import { createSimulator, type Simulator, type SimulatorOptions } from './index';
import { attachVerbose } from './verbose';
import { stopPolls } from './runtime/page/harness';
import { pagesOf } from './runtime/page/runtime';
import { ProjectTimers } from './simulator/project';

export interface EnvironmentOptions extends SimulatorOptions {
  /**
   * `'log'` (default): an unhandled rejection is reported as the phone does and the
   * test goes on. `'fail'`: jest's own behaviour (the test fails) — for suites that
   * want to catch rejections nobody handles in their own code.
   */
  unhandledRejections?: 'log' | 'fail';
  /** Print every wx call and network request of the file, one line each, on stderr (as `mpsim run --verbose`). */
  verbose?: boolean;
  /**
   * `'log'` (default): an error thrown by page, component or app code, or by a wx callback
   * (`thirdScriptError`), is logged as the phone does and the test goes on. `'fail'`: the test
   * during which it was thrown fails with that error.
   */
  pageErrors?: 'log' | 'fail';
}

/** An error mini-program code threw, turned into a test failure (`pageErrors: 'fail'`). */
function scriptFailure(error: unknown, where: string): Error {
  const e = error as { message?: unknown; stack?: unknown } | undefined;
  const message = e && typeof e.message === 'string' ? e.message : String(error);
  const failure = new Error(`thirdScriptError in ${where}: ${message} (testEnvironmentOptions.mpsim.pageErrors is 'fail')`);
  if (e && typeof e.stack === 'string') failure.stack = `${failure.message}\n${e.stack.split('\n').slice(1).join('\n')}`;
  return failure;
}

export default class MpsimEnvironment extends NodeEnvironment {
  simulator?: Simulator;
  private readonly simOptions: SimulatorOptions;
  private readonly routeRejections: boolean;
  private readonly verbose: boolean;
  private readonly failOnPageErrors: boolean;
  /** The app's close started when the file's tests finished (jest-circus `run_finish`). */
  private appClosing?: Promise<void>;
  /** The test realm's own timers, tracked so that the file's end cancels what is still pending. */
  private realmTimers?: ProjectTimers;
  /** Globals as the constructor left them (setupFiles run between the constructor and setup()). */
  private readonly constructed = new Map<string, PropertyDescriptor>();
  /** thirdScriptErrors seen since the last test ended (`pageErrors: 'fail'`). */
  private pageErrors: Error[] = [];

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const fromConfig = (config.projectConfig.testEnvironmentOptions as { mpsim?: EnvironmentOptions } | undefined)?.mpsim ?? {};
    const { unhandledRejections, verbose, pageErrors, ...simOptions } = fromConfig;
    this.simOptions = simOptions;
    this.verbose = verbose === true;
    this.routeRejections = unhandledRejections !== 'fail';
    this.failOnPageErrors = pageErrors === 'fail';
    const global = this.global as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(global)) {
      const desc = Object.getOwnPropertyDescriptor(global, name);
      if (desc) this.constructed.set(name, desc);
    }
    // mpsim/simulate (the test's module) finds its engine here, next to this environment's
    // Simulator. Defined now, bound lazily: jest runs `setupFiles` before setup(), and
    // miniprogram-simulate suites import it there.
    Object.defineProperty(global, Symbol.for('mpsim.simulate'), {
      value: (hooks: SessionHooks) =>
        createSimulate(
          () => {
            if (!this.simulator) throw new Error('mpsim/simulate: the jest environment is not set up yet (load/render run in tests)');
            return this.simulator.host;
          },
          global,
          hooks,
        ),
      configurable: true,
    });
  }

  /**
   * An unhandled rejection is mini-program code's (the test file runs in the
   * mini program's realm, SDKs included): the phone logs it and goes on, so it
   * goes to `host.reportUnhandledRejection` (console `Uncaught (in promise) …`,
   * or wx.onUnhandledRejection listeners) instead of failing the test file.
   * vod-wx-sdk-v2 needs this: its `Promise.all(...).then(cb)` rejects unhandled
   * whenever a COS upload fails (research cos-vod-protocol.md §0.5).
   */
  private readonly rejectionRouter = (reason: unknown, promise: unknown): void => {
    this.simulator?.host.reportUnhandledRejection(reason, promise);
  };

  override async setup(): Promise<void> {
    await super.setup();
    const global = this.global as unknown as Record<string, unknown>;
    this.simulator = await createSimulator({ ...this.simOptions, global, vmContext: this.getVmContext() ?? undefined });
    // jest runs `setupFiles` before setup(): a global they defined (`wx`, `Page`, `getCurrentPages`, ...)
    // is the suite's choice and stays; mpsim's fills in the rest.
    // (Only what appeared after the constructor: jest-environment-node itself copies
    // testEnvironmentOptions, our `mpsim` options among them, onto the global.)
    const fromSetupFiles = new Map<string, PropertyDescriptor>();
    for (const name of [...Object.keys(this.simulator.globals()), 'window']) {
      const desc = Object.getOwnPropertyDescriptor(global, name);
      const before = this.constructed.get(name);
      if (desc && (!before || before.value !== desc.value || before.get !== desc.get)) fromSetupFiles.set(name, desc);
    }
    this.simulator.install(global, { window: true });
    for (const [name, desc] of fromSetupFiles) Object.defineProperty(global, name, desc);
    if (this.verbose) attachVerbose(this.simulator, (line) => process.stderr.write(`${line}\n`));
    if (this.failOnPageErrors) this.simulator.onScriptError((error, where) => this.pageErrors.push(scriptFailure(error, where)));
    if (this.routeRejections) process.on('unhandledRejection', this.rejectionRouter);
    // Code the test requires directly (component scripts under mpsim/simulate, a library's
    // helpers) schedules on the realm's own timers: they are tracked like project code's and
    // cancelled when the file's tests are done, so none fires into the torn-down realm.
    const timerNames = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;
    const timers = new ProjectTimers(Object.fromEntries(timerNames.map((n) => [n, global[n]])));
    this.realmTimers = timers;
    for (const n of timerNames) global[n] = timers[n];
  }

  /**
   * jest-circus replaces every process 'unhandledRejection' listener with its
   * own (which fails the running test) on its 'setup' event and puts them back
   * on 'teardown' (the router with them); environments' handlers run after
   * its own, so here the router takes the place of circus's listener for the run.
   */
  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_done') {
      stopPolls();
      // Errors pushed onto the test here make it fail (jest-circus reads test.errors after test_done).
      for (const err of this.pageErrors.splice(0)) event.test.errors.push(err);
    }
    if (event.name === 'run_finish' && this.simulator) {
      // Every test and hook of the file is done and jest is about to freeze its console: the
      // app closes now (its timers, intervals and animations are cancelled) and pending wx
      // callbacks are dropped — before teardown's own wait, in which they would still fire and
      // log ("Cannot log after tests are done") or, after teardown, hit a torn-down realm.
      const host = this.simulator.host;
      host.callbacksStopped = true;
      this.realmTimers?.dispose();
      // Awaited by teardown: the DOM window closes before the next file of this worker starts.
      this.appClosing = pagesOf(host).close(false);
    }
    if (event.name === 'setup' && this.routeRejections) {
      for (const l of process.rawListeners('unhandledRejection'))
        if (l !== this.rejectionRouter) process.removeListener('unhandledRejection', l as (...a: unknown[]) => void);
      if (!process.listeners('unhandledRejection').includes(this.rejectionRouter)) process.on('unhandledRejection', this.rejectionRouter);
    }
  }

  override async teardown(): Promise<void> {
    // A rejection made by the file's last microtasks is only reported after them: let it through first.
    await new Promise((resolve) => setImmediate(resolve));
    while (process.rawListeners('unhandledRejection').includes(this.rejectionRouter))
      process.removeListener('unhandledRejection', this.rejectionRouter);
    await this.appClosing;
    this.appClosing = undefined;
    await this.simulator?.dispose();
    this.simulator = undefined;
    await super.teardown();
  }
}

export { MpsimEnvironment as TestEnvironment };
