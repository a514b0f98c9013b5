/**
 * The phone's screen: a happy-dom Window per launched mini-program.
 *
 * happy-dom ships as an ES module. It is loaded with a real Node `require`
 * (Node ≥ 20.19 loads ES modules through require) made by `createRequire`, not
 * through whatever module system loaded this file: under jest, a test that
 * imports mpsim would otherwise send happy-dom through jest's CommonJS registry,
 * which refuses ES modules. Loaded lazily, so only `mpsim.launch` pays for it.
 */
import Module from 'node:module';
import * as vm from 'node:vm';
import type { Window as HappyWindow } from 'happy-dom';

type GetBuiltin = (id: string) => unknown;

/**
 * Node's own `require`. Under jest, test code gets jest's `node:module` (its
 * createRequire goes back into jest's registry) and jest's `process`; Node's
 * main-context `process` is reached through `vm.runInThisContext`, and its
 * `getBuiltinModule` (Node ≥ 20.16) gives the real `module`.
 */
function realRequire(): NodeJS.Require {
  const mainProcess = vm.runInThisContext('process') as { getBuiltinModule?: GetBuiltin };
  const getBuiltin = mainProcess.getBuiltinModule;
  const mod = (typeof getBuiltin === 'function' ? getBuiltin.call(mainProcess, 'node:module') : Module) as typeof Module;
  return mod.createRequire(__filename);
}

export type DomWindow = HappyWindow;

/** A fresh window for one launched app; close it with `window.happyDOM.close()`. */
export function createDomWindow(url: string): DomWindow {
  const { Window } = realRequire()('happy-dom') as typeof import('happy-dom');
  return new Window({
    url,
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
}
