/**
 * `mpsim run FILE`: FILE runs as mini-program code (CommonJS) in Node's main
 * realm on a fresh simulator. The process lives exactly as long as the script:
 * every simulator handle is unref'd, and one ref'd keep-alive handle exists
 * while any wx call or task is in flight. When the event loop drains, the
 * simulator is disposed and the exit code is 0. An error thrown while the
 * script loads prints a clear message and exits 1 at once. An exception thrown
 * later (a timer or event callback) is reported as the phone reports it
 * (`thirdScriptError`, wx.onError / App.onError listeners) and the script goes
 * on; the final exit status is then 1, so the run still says it happened. An
 * unhandled promise rejection inside mini-program code is logged (as on the
 * phone) and not fatal.
 */
import { createSimulator } from '../index';
import { describeThrown } from '../runtime/host';
import { installModuleScope } from '../simulator/module-scope';
import { showTransferProgress } from './progress';

export interface RunOptions {
  verbose?: boolean;
}

export async function runScript(file: string, _options: RunOptions = {}): Promise<number> {
  const sim = await createSimulator();
  sim.install(globalThis as unknown as Record<string, unknown>);
  sim.cloud?.unref();
  const scope = installModuleScope({ wx: sim.wx });

  const stopProgress = showTransferProgress(sim.device.network);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  keepAlive.unref();
  sim.host.onBusyChange = (busy) => (busy ? keepAlive.ref() : keepAlive.unref());

  let failed = false;
  const describe = (err: unknown) => {
    const { message, stack } = describeThrown(err);
    return stack || message;
  };
  const fatal = (err: unknown) => {
    if (failed) return;
    failed = true;
    process.stderr.write(`mpsim run: uncaught error in ${file}\n${describe(err)}\n`);
    process.exitCode = 1;
    clearInterval(keepAlive);
    void sim.dispose().finally(() => process.exit(1));
  };
  const report = (err: unknown) => {
    if (failed) return;
    process.exitCode = 1;
    process.stderr.write(`mpsim run: uncaught error in ${file} (reported as the phone does; the script goes on)\n`);
    sim.host.reportScriptError(err, 'at an asynchronous callback');
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', (reason, promise) => sim.host.reportUnhandledRejection(reason, promise));

  return new Promise<number>((resolve) => {
    let finishing = false;
    process.on('beforeExit', () => {
      if (finishing || failed) return;
      finishing = true;
      clearInterval(keepAlive);
      stopProgress();
      void sim.dispose().then(() => {
        scope.uninstall();
        // every thirdScriptError counts: uncaught in a timer, or thrown by a wx callback
        const reported = sim.host.scriptErrors;
        if (reported > 0)
          process.stderr.write(
            `mpsim run: ${reported} uncaught error${reported === 1 ? '' : 's'} reported (thirdScriptError); exit status 1\n`,
          );
        resolve(reported > 0 ? 1 : 0);
      });
    });
    try {
      scope.run(file);
    } catch (err) {
      fatal(err);
    }
  });
}
