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
import * as fs from 'node:fs';
import { createSimulator } from '../index';
import { describeThrown } from '../runtime/host';
import { installModuleScope } from '../simulator/module-scope';
import { attachVerbose } from '../verbose';
import { writeHar } from '../simulator/network/har';
import { describeFatal } from './errors';
import { showTransferProgress } from './progress';

export interface RunOptions {
  verbose?: boolean;
  /** Write the request log as HAR 1.2 to this file when the script ends (also after an error). */
  har?: string;
  /** `'fail'`: an error page or callback code throws (thirdScriptError) ends the run with exit 1. */
  pageErrors?: 'log' | 'fail';
}

export async function runScript(file: string, options: RunOptions = {}): Promise<number> {
  let isFile = false;
  try {
    isFile = fs.statSync(file).isFile();
  } catch {
    // reported below
  }
  if (!isFile) {
    process.stderr.write(`mpsim run: no such file: ${file}\n`);
    return 1;
  }
  const sim = await createSimulator();
  // --verbose: one line per wx call and per network request, on stderr (the script's stdout stays its own)
  if (options.verbose) attachVerbose(sim, (line) => process.stderr.write(`${line}\n`));
  sim.install(globalThis as unknown as Record<string, unknown>);
  sim.cloud?.unref();
  const scope = installModuleScope({ wx: sim.wx });

  const stopProgress = showTransferProgress(sim.device.network);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  keepAlive.unref();
  sim.host.onBusyChange = (busy) => (busy ? keepAlive.ref() : keepAlive.unref());

  const saveHar = () => {
    if (options.har === undefined) return;
    try {
      writeHar(options.har, sim.device.network.requests);
    } catch (err) {
      process.stderr.write(`mpsim run: cannot write --har ${options.har}: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  };
  let failed = false;
  const describe = (err: unknown) => {
    const { message, stack } = describeThrown(err);
    return stack || message;
  };
  const fatal = (err: unknown) => {
    if (failed) return;
    failed = true;
    let text: string;
    try {
      text = describeFatal(err, file);
    } catch {
      // a value whose every read throws: the runtime's own never-throwing description
      text = `mpsim run: uncaught error in ${file}\n${describe(err)}`;
    }
    process.stderr.write(`${text}\n`);
    process.exitCode = 1;
    clearInterval(keepAlive);
    saveHar();
    void sim.dispose().finally(() => process.exit(1));
  };
  if (options.pageErrors === 'fail') sim.onScriptError((err) => fatal(err));
  // After the script loaded, an uncaught error is reported as the phone does (thirdScriptError,
  // App onError) and the script goes on; the exit status says it happened.
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
      saveHar();
      void sim.dispose().then(() => {
        scope.uninstall();
        // every thirdScriptError counts: uncaught in a timer, or thrown by a wx callback
        const reported = sim.host.scriptErrors;
        if (reported > 0)
          process.stderr.write(
            `mpsim run: ${reported} uncaught error${reported === 1 ? '' : 's'} reported (thirdScriptError); exit status 1\n`,
          );
        resolve(reported > 0 || process.exitCode === 1 ? 1 : 0);
      });
    });
    try {
      scope.run(file);
    } catch (err) {
      fatal(err);
    }
  });
}
