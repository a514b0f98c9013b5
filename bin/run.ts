/**
 * `mpsim run FILE`: FILE runs as mini-program code (CommonJS) in Node's main
 * realm on a fresh simulator. The process lives exactly as long as the script:
 * every simulator handle is unref'd, and one ref'd keep-alive handle exists
 * while any wx call or task is in flight. When the event loop drains, the
 * simulator is disposed and the exit code is 0. An uncaught error prints a
 * clear message and exits 1; an unhandled promise rejection inside
 * mini-program code is logged (as on the phone) and not fatal.
 */
import { createSimulator } from '../index';
import { installModuleScope } from '../simulator/module-scope';
import { attachVerbose } from '../verbose';
import { showTransferProgress } from './progress';

export interface RunOptions {
  verbose?: boolean;
}

export async function runScript(file: string, options: RunOptions = {}): Promise<number> {
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

  let failed = false;
  const fatal = (err: unknown) => {
    if (failed) return;
    failed = true;
    const e = err as { stack?: unknown; message?: unknown } | undefined;
    const text = e && typeof e.stack === 'string' ? e.stack : String(e?.message ?? err);
    process.stderr.write(`mpsim run: uncaught error in ${file}\n${text}\n`);
    process.exitCode = 1;
    clearInterval(keepAlive);
    void sim.dispose().finally(() => process.exit(1));
  };
  process.on('uncaughtException', fatal);
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
        resolve(0);
      });
    });
    try {
      scope.run(file);
    } catch (err) {
      fatal(err);
    }
  });
}
