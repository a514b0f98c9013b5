/**
 * wx.createWorker(scriptPath): a real worker thread (node:worker_threads)
 * running the project's worker script (a code-package path, e.g.
 * `workers/request/index.js`) with the client's `worker` global
 * (`worker.onMessage`, `worker.postMessage`). One worker at a time, as the
 * client allows; `terminate()` ends it; the Device's dispose ends it too.
 *
 * While a message sent to the worker has not been answered by one coming back,
 * the runtime counts as busy (`mpsim.idle()`, `mpsim run` wait for the reply).
 */
import { FsError } from '../simulator/fs-error';
import { spawnWorkerThread } from '../simulator/host-services';
import { defineSync, ListenerSet, paramErrorReason, PARAM_ERRNO, throwSync } from './convention';
import { inRealm, later } from './family';
import type { RuntimeHost } from './host';
import { tag } from './kinds';
import { isPlainObject } from './realm';

export function installWorker(host: RuntimeHost, wx: Record<string, unknown>): void {
  let current: { terminate(): void } | undefined;

  wx.createWorker = defineSync(
    host,
    'createWorker',
    [
      { name: 'scriptPath', type: 'String', required: true },
      { name: 'options', type: 'Object' },
    ],
    (scriptPath: string) => {
      if (current) throwSync(host, 'createWorker', 'exceed max concurrent workers limit');
      let file: string;
      try {
        file = host.device.toHostPath(scriptPath.startsWith('/') ? scriptPath : `/${scriptPath}`);
      } catch (err) {
        if (err instanceof FsError) throwSync(host, 'createWorker', `script not found: ${scriptPath}`);
        throw err;
      }
      const thread = spawnWorkerThread(file);
      const messages = new ListenerSet<unknown>(host, 'at Worker.onMessage callback function');
      const killed = new ListenerSet<unknown>(host, 'at Worker.onProcessKilled callback function');
      const holds: Array<() => void> = [];
      const releaseAll = () => holds.splice(0).forEach((r) => r());
      let alive = true;
      thread.on('message', (m: unknown) => {
        holds.shift()?.();
        later(host, () => messages.emit(inRealm(host, m)));
      });
      thread.on('error', (err) => host.reportScriptError(err, `at worker script ${scriptPath}`));
      thread.on('exit', () => {
        alive = false;
        releaseAll();
        if (current === handle) current = undefined;
      });
      const handle = {
        terminate() {
          if (!alive) return;
          alive = false;
          releaseAll();
          void thread.terminate();
          if (current === handle) current = undefined;
        },
      };
      current = handle;
      host.device.onDispose(() => handle.terminate());
      return {
        postMessage(message: unknown) {
          if (!isPlainObject(message) && !Array.isArray(message))
            throwSync(host, 'postMessage', paramErrorReason('message', 'Object', message), { errno: PARAM_ERRNO });
          if (!alive) return;
          holds.push(host.hold());
          thread.postMessage(JSON.parse(JSON.stringify(message)));
        },
        onMessage: (fn: unknown) => messages.on(fn),
        onProcessKilled: (fn: unknown) => killed.on(fn),
        terminate: () => handle.terminate(),
        testOnProcessKilled: () => {
          killed.emit(inRealm(host, {}));
          handle.terminate();
        },
        getCameraFrameData: () => undefined,
      };
    },
  );
  tag(wx, 'simulated', ['createWorker']);
}
