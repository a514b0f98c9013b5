/**
 * The compile step the WeChat developer tools apply to project code before it
 * reaches the phone: ES modules become CommonJS (`import`/`export`, re-exports,
 * `export default`, dynamic `import()` as `Promise.resolve().then(() => require())`),
 * TypeScript loses its types (`useCompilerPlugins: ["typescript"]`). Nothing else
 * is down-levelled: async/await, optional chaining, class fields run as they are
 * on Node (the client's engines have them; decision 009).
 *
 * The transform is sucrase (pure JavaScript, in-process and synchronous, as
 * `require` is; token-level source maps). A file with no module syntax is not
 * transformed at all, so its positions are the file's own with no map needed.
 *
 * Compiled output is cached by content hash (source + transform + sucrase
 * version), in memory for the process and on disk for later processes (jest
 * workers, reruns): each file is compiled once per machine until it changes.
 * The disk cache lives in `MPSIM_CACHE_DIR` (default `<tmp>/mpsim-cache-<uid>`);
 * `MPSIM_CACHE_DIR=off` turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transform as sucraseTransform } from 'sucrase';
import { codeFrame } from './code-frame';
import { registerSourceMap, type RawSourceMap } from './stack';

export type SourceKind = 'js' | 'ts';

export interface Compiled {
  code: string;
  /** Whether `code` differs from the source (a source map was registered for the file). */
  transformed: boolean;
}

// sucrase's version is part of the cache key (a new sucrase may compile differently).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SUCRASE_VERSION = (require('sucrase/package.json') as { version: string }).version;
const CACHE_FORMAT = 1;

/**
 * Module syntax a CommonJS wrapper cannot run: a static `import`/`export`
 * statement at the start of a statement, or a dynamic `import(`. A false positive
 * (the words inside a string or comment) only costs a transform that changes
 * nothing; the map keeps positions right.
 */
const MODULE_SYNTAX = /(?:^|[\n;{}])\s*(?:import(?:\s+[\w$*{"']|\s*[{*"'])|export(?:\s+[\w$*{]|\s*[{*]))|\bimport\s*\(/;

export function hasModuleSyntax(source: string): boolean {
  return MODULE_SYNTAX.test(source);
}

const memory = new Map<string, { code: string; map: RawSourceMap }>();

function cacheDir(): string | undefined {
  const configured = process.env.MPSIM_CACHE_DIR;
  if (configured === 'off' || configured === '0' || configured === 'false') return undefined;
  if (configured) return configured;
  let uid = 'user';
  try {
    uid = String(os.userInfo().uid);
  } catch {
    // no passwd entry (some containers): one shared name
  }
  return path.join(os.tmpdir(), `mpsim-cache-${uid}`);
}

function readCache(dir: string | undefined, key: string): { code: string; map: RawSourceMap } | undefined {
  if (!dir) return undefined;
  try {
    const text = fs.readFileSync(path.join(dir, `${key}.json`), 'utf8');
    const parsed = JSON.parse(text) as { code?: unknown; map?: unknown };
    if (typeof parsed.code === 'string' && parsed.map && typeof parsed.map === 'object')
      return { code: parsed.code, map: parsed.map as RawSourceMap };
  } catch {
    // absent or torn: compile again
  }
  return undefined;
}

function writeCache(dir: string | undefined, key: string, entry: { code: string; map: RawSourceMap }): void {
  if (!dir) return;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, file);
  } catch {
    // a read-only or full disk only costs a recompile next time
  }
}

/**
 * sucrase's "Error transforming FILE: Unexpected token (L:C)" as
 * "FILE:L:C: Unexpected token" with a code frame (L and C 1-based).
 */
function syntaxError(err: unknown, source: string, filename: string): SyntaxError {
  const e = err as { message?: unknown; loc?: { line?: unknown; column?: unknown } };
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const reason = raw.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
  const line = typeof e?.loc?.line === 'number' ? e.loc.line : undefined;
  const column = typeof e?.loc?.column === 'number' ? e.loc.column : undefined;
  if (line === undefined || column === undefined) return new SyntaxError(`${filename}: ${reason}`);
  return new SyntaxError(`${filename}:${line}:${column}: ${reason}\n${codeFrame(source, line, column)}`);
}

/** Counters for the bench row and tests. */
export const compileStats = { transformed: 0, memoryHits: 0, diskHits: 0, untouched: 0 };

/**
 * Compiles one project file for a CommonJS wrapper. `filename` is the host path
 * (it names the file in source maps and stack traces). Syntax errors propagate
 * as sucrase reports them, with the file's line and column in the message.
 */
export function compileModule(source: string, filename: string, kind: SourceKind = 'js'): Compiled {
  if (kind === 'js' && !hasModuleSyntax(source)) {
    compileStats.untouched++;
    return { code: source, transformed: false };
  }
  const transforms: Array<'imports' | 'typescript'> = kind === 'ts' ? ['typescript', 'imports'] : ['imports'];
  const key = createHash('sha256')
    .update(`${CACHE_FORMAT}\0${SUCRASE_VERSION}\0${transforms.join(',')}\0`)
    .update(source)
    .digest('hex');
  let entry = memory.get(key);
  if (entry) compileStats.memoryHits++;
  else {
    const dir = cacheDir();
    entry = readCache(dir, key);
    if (entry) compileStats.diskHits++;
    else {
      let out: ReturnType<typeof sucraseTransform>;
      try {
        out = sucraseTransform(source, {
          transforms,
          disableESTransforms: true,
          filePath: filename,
          sourceMapOptions: { compiledFilename: path.basename(filename) },
        });
      } catch (err) {
        throw syntaxError(err, source, filename);
      }
      entry = { code: out.code, map: out.sourceMap as unknown as RawSourceMap };
      compileStats.transformed++;
      writeCache(dir, key, entry);
    }
    memory.set(key, entry);
  }
  registerSourceMap(filename, entry.map);
  return { code: entry.code, transformed: true };
}
