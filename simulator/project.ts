/**
 * A mini-program project on disk: `app.json`, `app.js`, pages and components,
 * and a CommonJS module loader that runs project files the way the client does.
 *
 * Where project code runs: in the realm of the global the Simulator installed
 * its globals into (under jest: the test file's vm context), so `[] instanceof
 * Array` and `new ArrayBuffer(1) instanceof ArrayBuffer` inside page code agree
 * with the test. jest hands the environment only that context's global proxy,
 * which is not a vm "contextified" object, so `vm.compileFunction` cannot take it
 * as `parsingContext`; instead we call that realm's own indirect `eval` on a
 * CommonJS wrapper `(function (require, module, exports, ...) {<source>\n})` —
 * the wrapper opens on the source's first line, so line numbers stay true, and
 * `//# sourceURL=` names the file in stack traces. Only project files (code the
 * user asked us to run) are compiled this way, never template text. In Node's
 * main realm (`mpsim run`) `vm.compileFunction` is used directly.
 *
 * Before it runs, a file goes through the developer tools' compile step
 * (simulator/compile: ES modules → CommonJS; `.ts` when project.config.json's
 * `setting.useCompilerPlugins` lists `typescript`), and the realm's stack traces
 * are mapped back to the file's own line:column. Given the realm's vm context
 * (jest's), the wrapper is compiled with `vm.compileFunction` there too, so no
 * wrapper text shifts line 1.
 *
 * `require` resolution, as in the mini program: `./x` and `../x` relative to the
 * requiring file, `/x` from the project root, a bare `x` from `miniprogram_npm`
 * (walking up to the project root), then relative to the file, then Node's
 * resolution from the file's directory (npm packages in node_modules). `.js`,
 * `.json` and `/index.js` are tried. Node built-ins come from Node.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { compileModule, type SourceKind } from './compile';
import { forgetFile, installStackMapping, registerFirstLineShift, registerSourceMap } from './compile/stack';
import { compileWxs, WXS_ARGS, WXS_PARAMS } from './compile/wxs';

/** The parts of app.json the simulator reads. */
export interface AppJson {
  pages: string[];
  entryPagePath?: string;
  window?: Record<string, unknown>;
  networkTimeout?: { request?: number; uploadFile?: number; downloadFile?: number; connectSocket?: number };
  tabBar?: { custom?: boolean; list?: Array<{ pagePath: string; text?: string }> };
  usingComponents?: Record<string, string>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  subPackages?: Array<{ root: string; pages: string[] }>;
  [k: string]: unknown;
}

/** A project that cannot be loaded (no app.json, bad JSON, a missing module). */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

interface LoadedModule {
  exports: unknown;
  loaded: boolean;
}

export interface LoaderOptions {
  /** The vm context whose global is `global` (jest's): compile there with exact positions. */
  vmContext?: vm.Context;
}

/** Loads project modules into one realm. */
export interface ModuleLoader {
  /** Runs (once) and returns the exports of a project file, project-relative (`app.js`). */
  require(rel: string): unknown;
  /** Runs inline module code (an inline `<wxs>`) as if it were the project file `rel`. */
  evaluate(source: string, rel: string): unknown;
  /** Cancels every timer and interval project code started and has not cleared (the app closed). */
  dispose(): void;
}

/**
 * The timer functions project modules see: the realm's own, called at call time (so
 * jest's fake timers apply), with every live handle remembered so that closing the
 * app cancels them — nothing project code scheduled fires into a closed app or a
 * torn-down test realm. The jest environment puts one over the test realm's own timers
 * too (code a test `require`s directly, as mpsim/simulate runs component scripts).
 */
export class ProjectTimers {
  private readonly live = new Set<unknown>();
  private disposed = false;
  constructor(private readonly global: Record<string, unknown>) {}

  private fn(name: string): (...a: unknown[]) => unknown {
    return this.global[name] as (...a: unknown[]) => unknown;
  }

  readonly setTimeout = (cb: unknown, ms?: unknown, ...args: unknown[]): unknown => {
    if (this.disposed) return undefined;
    if (typeof cb !== 'function') return this.fn('setTimeout')(cb, ms, ...args);
    const live = this.live;
    const id = this.fn('setTimeout')(
      function (this: unknown, ...a: unknown[]) {
        live.delete(id);
        return (cb as (...x: unknown[]) => unknown).apply(this, a);
      },
      ms,
      ...args,
    );
    live.add(id);
    return id;
  };

  readonly setInterval = (cb: unknown, ms?: unknown, ...args: unknown[]): unknown => {
    if (this.disposed) return undefined;
    const id = this.fn('setInterval')(cb, ms, ...args);
    if (typeof cb === 'function') this.live.add(id);
    return id;
  };

  readonly clearTimeout = (id: unknown): void => {
    this.live.delete(id);
    this.fn('clearTimeout')(id);
  };

  readonly clearInterval = (id: unknown): void => {
    this.live.delete(id);
    this.fn('clearInterval')(id);
  };

  get count(): number {
    return this.live.size;
  }

  dispose(): void {
    this.disposed = true;
    const clear = this.fn('clearTimeout');
    const clearInterval = this.fn('clearInterval');
    for (const id of this.live) {
      try {
        clear(id);
        clearInterval(id);
      } catch {
        // a handle from timers since replaced (jest's fake timers): nothing left to cancel
      }
    }
    this.live.clear();
  }
}

const MODULE_PARAMS = [
  'require',
  'module',
  'exports',
  '__filename',
  '__dirname',
  'window',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
];
const WXS_MODULE_PARAMS = [...MODULE_PARAMS, ...WXS_PARAMS];

export class Project {
  readonly dir: string;
  readonly appJson: AppJson;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    const appJsonPath = path.join(this.dir, 'app.json');
    if (!fs.existsSync(appJsonPath)) throw new ProjectError(`not a mini-program project: ${appJsonPath} does not exist`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
    } catch (err) {
      throw new ProjectError(`app.json: ${(err as Error).message}`);
    }
    if (!json || typeof json !== 'object' || !Array.isArray((json as AppJson).pages) || (json as AppJson).pages.length === 0) {
      throw new ProjectError('app.json: "pages" must be a non-empty array of page paths');
    }
    this.appJson = json as AppJson;
    this.typescript = readCompilerPlugins(this.dir).includes('typescript');
  }

  /** project.config.json lists the `typescript` compiler plugin: `.ts` files are project code. */
  readonly typescript: boolean;

  /** The script of a page or component (`pages/a/a` → `pages/a/a.js`, or `.ts` with the plugin). */
  scriptOf(rel: string): string | undefined {
    if (this.exists(`${rel}.js`)) return `${rel}.js`;
    if (this.typescript && this.exists(`${rel}.ts`)) return `${rel}.ts`;
    return undefined;
  }

  /** Every page route, main package and subpackages. */
  get pageRoutes(): string[] {
    const subs = this.appJson.subpackages ?? this.appJson.subPackages ?? [];
    return [...this.appJson.pages, ...subs.flatMap((s) => (s.pages ?? []).map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
  }

  /** Host path of a project-relative path; undefined when it would leave the project. */
  hostPath(rel: string): string | undefined {
    const p = path.resolve(this.dir, rel.replace(/^\/+/, ''));
    return p === this.dir || p.startsWith(this.dir + path.sep) ? p : undefined;
  }

  exists(rel: string): boolean {
    const p = this.hostPath(rel);
    return !!p && fs.existsSync(p) && fs.statSync(p).isFile();
  }

  /** Text of a project file, or undefined when it does not exist. */
  readText(rel: string): string | undefined {
    const p = this.hostPath(rel);
    if (!p) return undefined;
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Parsed JSON of a project file (undefined when absent); a syntax error names the file. */
  readJson(rel: string): Record<string, unknown> | undefined {
    const text = this.readText(rel);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ProjectError(`${rel}: ${(err as Error).message}`);
    }
  }

  /**
   * A module loader whose modules run in the realm of `global`. `window` is the
   * module-scoped `window` each file sees (WeChat's module wrapper provides one).
   */
  createLoader(global: Record<string, unknown>, window: unknown, options: LoaderOptions = {}): ModuleLoader {
    const cache = new Map<string, LoadedModule>();
    const realmError = (global.Error as ErrorConstructor | undefined) ?? Error;
    const realmJson = (global.JSON as JSON | undefined) ?? JSON;
    const compile = compilerFor(global, options.vmContext);
    const timers = new ProjectTimers(global);
    const timerArgs = [timers.setTimeout, timers.setInterval, timers.clearTimeout, timers.clearInterval];
    installStackMapping(realmError);
    const projectDir = this.dir;
    const typescript = this.typescript;
    const scriptExtensions = typescript ? ['.js', '.ts'] : ['.js'];

    /** Compiles a project file (or inline WXS) into a wrapper function, positions registered. */
    const compileFile = (source: string, file: string): Compiled => {
      if (file.endsWith('.wxs')) {
        const out = compileWxs(source, file);
        if (out.map) registerSourceMap(file, out.map);
        else forgetFile(file);
        return compile(out.code, file, WXS_MODULE_PARAMS);
      }
      const kind: SourceKind = file.endsWith('.ts') ? 'ts' : 'js';
      const out = compileModule(source, file, kind);
      if (!out.transformed) forgetFile(file);
      return compile(out.code, file, MODULE_PARAMS);
    };
    /** Calls a compiled module: WXS gets no window and its own globals. */
    const run = (fn: Compiled, file: string, mod: LoadedModule): void => {
      const dirname = path.dirname(file);
      // WXS has no timers and no window.
      if (file.endsWith('.wxs'))
        fn.call(mod.exports, makeRequire(file), mod, mod.exports, file, dirname, undefined, ...timerArgs.map(() => undefined), ...WXS_ARGS);
      else fn.call(mod.exports, makeRequire(file), mod, mod.exports, file, dirname, window, ...timerArgs);
    };

    const load = (file: string): unknown => {
      const hit = cache.get(file);
      if (hit) return hit.exports;
      if (file.endsWith('.json')) {
        const exports = realmJson.parse(fs.readFileSync(file, 'utf8'));
        cache.set(file, { exports, loaded: true });
        return exports;
      }
      const mod: LoadedModule = { exports: new (global.Object as ObjectConstructor)(), loaded: false };
      cache.set(file, mod);
      const source = fs.readFileSync(file, 'utf8').replace(/^#![^\n]*/, '');
      let fn: Compiled;
      try {
        fn = compileFile(source, file);
      } catch (err) {
        cache.delete(file);
        throw err;
      }
      try {
        run(fn, file, mod);
      } catch (err) {
        cache.delete(file);
        throw err;
      }
      mod.loaded = true;
      return mod.exports;
    };

    const inProject = (p: string) => p === projectDir || p.startsWith(projectDir + path.sep);

    const tryFile = (base: string): string | undefined => {
      const candidates = [
        base,
        ...scriptExtensions.map((e) => base + e),
        `${base}.json`,
        ...scriptExtensions.map((e) => path.join(base, `index${e}`)),
      ];
      for (const candidate of candidates) {
        try {
          if (fs.statSync(candidate).isFile()) return candidate;
        } catch {
          // try the next form
        }
      }
      return undefined;
    };

    const makeRequire = (from: string) => {
      const fromDir = path.dirname(from);
      const fromProject = inProject(from);
      return function require(request: unknown): unknown {
        if (typeof request !== 'string' || !request) throw new realmError(`require: module path must be a non-empty string`);
        // WXS requires WXS only (the client refuses anything else).
        if (from.endsWith('.wxs') && !request.endsWith('.wxs'))
          throw new realmError(`module "${request}" is not a .wxs module (required from WXS)`);
        if (Module.isBuiltin(request)) return nodeRequire(request);
        let resolved: string | undefined;
        if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..') {
          const target = path.resolve(fromDir, request);
          if (fromProject && !inProject(target)) throw new realmError(`module "${request}" is not defined (outside the project)`);
          resolved = tryFile(target);
        } else if (request.startsWith('/')) {
          resolved = fromProject ? tryFile(path.join(projectDir, request)) : tryFile(request);
        } else {
          if (fromProject) {
            for (let dir = fromDir; inProject(dir); dir = path.dirname(dir)) {
              resolved = tryFile(path.join(dir, 'miniprogram_npm', request));
              if (resolved || dir === projectDir) break;
            }
            resolved ??= tryFile(path.join(fromDir, request));
          }
          if (!resolved) {
            try {
              resolved = nodeRequire.resolve(request, { paths: [fromDir, projectDir] });
            } catch {
              resolved = undefined;
            }
            if (resolved && Module.isBuiltin(resolved)) return nodeRequire(resolved);
          }
        }
        if (!resolved) {
          const shown = fromProject ? path.relative(projectDir, from).split(path.sep).join('/') : from;
          throw new realmError(`module "${request}" is not defined (required from ${shown})`);
        }
        return load(resolved);
      };
    };

    const evaluate = (source: string, rel: string): unknown => {
      const file = path.join(projectDir, rel);
      const mod: LoadedModule = { exports: new (global.Object as ObjectConstructor)(), loaded: false };
      const fn = compileFile(source, file);
      run(fn, file, mod);
      mod.loaded = true;
      return mod.exports;
    };

    return {
      evaluate,
      dispose: () => timers.dispose(),
      require: (rel: string) => {
        const host = this.hostPath(rel);
        const file = host && tryFile(host);
        if (!file) throw new ProjectError(`module "${rel}" is not defined: ${host ?? rel} does not exist`);
        return load(file);
      },
    };
  }
}

const nodeRequire = Module.createRequire(__filename);

type Compiled = (this: unknown, ...args: unknown[]) => void;

/** project.config.json's `setting.useCompilerPlugins` (in the project dir or the one above it). */
function readCompilerPlugins(dir: string): string[] {
  for (const d of [dir, path.dirname(dir)]) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(d, 'project.config.json'), 'utf8');
    } catch {
      continue;
    }
    try {
      const plugins = (JSON.parse(text) as { setting?: { useCompilerPlugins?: unknown } }).setting?.useCompilerPlugins;
      return Array.isArray(plugins) ? plugins.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** Compiles a wrapper with `params` in the target realm (registering any line-1 shift of its text). */
type RealmCompiler = (source: string, filename: string, params: string[]) => Compiled;

/** How to compile a CommonJS wrapper in the realm of `global` (see the file comment). */
function compilerFor(global: Record<string, unknown>, vmContext?: vm.Context): RealmCompiler {
  const context = vmContext ?? (vm.isContext(global) ? global : undefined);
  if (context) return (source, filename, params) => vm.compileFunction(source, params, { filename, parsingContext: context }) as Compiled;
  // Node's main context (mpsim run): compileFunction without a context compiles there. Checked by
  // identity of `Object`, not of the global: under jest our own `globalThis` is the test's sandbox.
  if (global.Object === vm.runInThisContext('Object'))
    return (source, filename, params) => vm.compileFunction(source, params, { filename }) as Compiled;
  const realmEval = global.eval as ((code: string) => unknown) | undefined;
  if (typeof realmEval !== 'function') throw new ProjectError('the target global has no eval: cannot load project files into its realm');
  return (source, filename, params) => {
    const head = `(function (${params.join(', ')}) {`;
    registerFirstLineShift(filename, head.length);
    const wrapped = `${head}${source}\n})\n//# sourceURL=${filename}`;
    // Indirect call: global scope of that realm, not ours.
    return realmEval.call(global, wrapped) as Compiled;
  };
}
