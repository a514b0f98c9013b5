/**
 * Loads mini-program code in Node's main realm the way WeChat's module wrapper
 * does: every mini-program module sees a module-scoped `window` (the SDKs' UMD
 * wrappers pass it along — research cos-vod-protocol §0.2), while Node libraries
 * in the same process (undici, busboy, our servers) never see a global `window`
 * and keep believing they run in Node.
 *
 * A module is mini-program code when it is the entry script or was first
 * required by mini-program code (so `require('cos-wx-sdk-v5')` from a script
 * gets `window`, while the undici our transport loaded does not).
 *
 * The variable is injected on the module's first line after any shebang and
 * `'use strict'` prologue, so line numbers in stack traces stay true. A module
 * that declares `let window`/`const window` at top level would clash; none of
 * the supported SDKs does.
 */
import * as fs from 'node:fs';
import Module from 'node:module';

type CompilableModule = NodeJS.Module & { _compile(content: string, filename: string): void; parent?: NodeJS.Module | null };
type Extensions = Record<string, (module: CompilableModule, filename: string) => void>;

const WINDOW_KEY = '__mpsimModuleWindow__';

const PROLOGUE = /^(#![^\n]*\n)?((?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*(['"])use strict\3;?)?/;

export function injectWindow(source: string): string {
  const m = PROLOGUE.exec(source);
  const head = m ? m[0] : '';
  return `${head}var window = globalThis[${JSON.stringify(WINDOW_KEY)}];${source.slice(head.length)}`;
}

export interface ModuleScope {
  /** Requires `file` as mini-program code (the entry module). */
  run(file: string): unknown;
  /** Restores Node's loader. */
  uninstall(): void;
}

export function installModuleScope(windowObject: object): ModuleScope {
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions;
  const original = extensions['.js'];
  const miniProgram = new WeakSet<object>();
  let entry: string | undefined;
  (globalThis as Record<string, unknown>)[WINDOW_KEY] = windowObject;
  Object.defineProperty(globalThis, WINDOW_KEY, { enumerable: false });

  extensions['.js'] = function (module: CompilableModule, filename: string) {
    const parent = module.parent;
    const isMiniProgram = filename === entry || (parent != null && miniProgram.has(parent));
    if (!isMiniProgram) return original.call(this, module, filename);
    miniProgram.add(module);
    const content = fs.readFileSync(filename, 'utf8');
    module._compile(injectWindow(content), filename);
  };

  return {
    run(file: string) {
      entry = file;
      // A dynamic CommonJS load is the point here: it goes through the hooked loader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file);
    },
    uninstall() {
      extensions['.js'] = original;
      delete (globalThis as Record<string, unknown>)[WINDOW_KEY];
    },
  };
}
