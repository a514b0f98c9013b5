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
 * Mini-program modules go through the developer tools' compile step
 * (simulator/compile: ES modules and `.ts` become CommonJS, with source maps
 * applied to stack traces) and are compiled with `vm.compileFunction` with
 * `window` as one more wrapper parameter — nothing is put in front of the
 * source, so line and column numbers are the file's own.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { compileModule } from './compile';
import { installStackMapping } from './compile/stack';

type NodeModule = NodeJS.Module & { parent?: NodeJS.Module | null; paths: string[] };
type Extensions = Record<string, ((module: NodeModule, filename: string) => void) | undefined>;
type ModuleInternals = typeof Module & {
  _extensions: Extensions;
  _cache: Record<string, NodeJS.Module>;
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
  _nodeModulePaths(dir: string): string[];
};

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', 'window'];

export interface ModuleScope {
  /** Requires `file` as mini-program code (the entry module). */
  run(file: string): unknown;
  /** Restores Node's loader. */
  uninstall(): void;
}

/** The `require` a CommonJS module gets (as Node's own makeRequireFunction). */
function requireFor(module: NodeModule): NodeJS.Require {
  const internals = Module as ModuleInternals;
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => (Module.isBuiltin(request) ? null : module.paths);
  require.resolve = resolve;
  require.main = require.main ?? (process as unknown as { mainModule?: NodeJS.Module }).mainModule;
  require.cache = internals._cache as NodeJS.Require['cache'];
  require.extensions = internals._extensions as unknown as NodeJS.Require['extensions'];
  return require;
}

export function installModuleScope(windowObject: object): ModuleScope {
  const extensions = (Module as ModuleInternals)._extensions;
  const original = { js: extensions['.js'], ts: extensions['.ts'] };
  const miniProgram = new WeakSet<object>();
  let entry: string | undefined;
  installStackMapping(Error);

  const compileAndRun = (module: NodeModule, filename: string) => {
    miniProgram.add(module);
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = compileModule(source, filename, filename.endsWith('.ts') ? 'ts' : 'js');
    const fn = vm.compileFunction(code, WRAPPER_PARAMS, { filename }) as (...args: unknown[]) => void;
    fn.call(module.exports, module.exports, requireFor(module), module, filename, path.dirname(filename), windowObject);
  };

  const isMiniProgram = (module: NodeModule, filename: string) =>
    filename === entry || (module.parent != null && miniProgram.has(module.parent));

  extensions['.js'] = function (module: NodeModule, filename: string) {
    if (!isMiniProgram(module, filename)) return original.js!.call(this, module, filename);
    compileAndRun(module, filename);
  };
  // `.ts` is mini-program code as the developer tools' TypeScript plugin compiles it; other
  // `.ts` files keep whatever loader was there (ts-node), or Node's (which fails on types).
  extensions['.ts'] = function (module: NodeModule, filename: string) {
    if (!isMiniProgram(module, filename)) return (original.ts ?? original.js!).call(this, module, filename);
    compileAndRun(module, filename);
  };

  return {
    run(file: string) {
      entry = file;
      // A dynamic CommonJS load is the point here: it goes through the hooked loader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file);
    },
    uninstall() {
      extensions['.js'] = original.js;
      if (original.ts) extensions['.ts'] = original.ts;
      else delete extensions['.ts'];
    },
  };
}
