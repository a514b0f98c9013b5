/**
 * Stack frames of project code name the user's own file:line:column.
 *
 * Two things move positions away from the file on disk: the compile step
 * (a source map per transformed file) and code we put on a file's first line
 * (the WXS prelude: a column shift on line 1). Both are registered here by host
 * path, and `installStackMapping` puts an `Error.prepareStackTrace` on a realm's
 * `Error` that rewrites exactly those frames; every other frame is printed as V8
 * prints it. An existing `prepareStackTrace` (source-map-support, a user's own)
 * keeps working: it receives the corrected call sites.
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  file?: string;
  sourcesContent?: Array<string | null>;
}

interface Entry {
  raw?: RawSourceMap;
  traced?: TraceMap;
  /** Columns added in front of the file's first line. */
  firstLineShift: number;
}

const entries = new Map<string, Entry>();

export function registerSourceMap(filename: string, map: RawSourceMap): void {
  const entry = entries.get(filename);
  if (entry?.raw === map) return;
  entries.set(filename, { raw: map, firstLineShift: entry?.firstLineShift ?? 0 });
}

/** `shift` columns were put in front of line 1 of `filename` (a prelude on its first line). */
export function registerFirstLineShift(filename: string, shift: number): void {
  const entry = entries.get(filename);
  if (entry) entry.firstLineShift = shift;
  else entries.set(filename, { firstLineShift: shift });
}

export function forgetFile(filename: string): void {
  entries.delete(filename);
}

/** Where a generated position of `filename` is in the file itself (1-based line and column). */
export function originalPosition(filename: string, line: number, column: number): { line: number; column: number } | undefined {
  const entry = entries.get(filename);
  if (!entry) return undefined;
  if (line === 1 && entry.firstLineShift) column = Math.max(1, column - entry.firstLineShift);
  if (entry.raw) {
    entry.traced ??= new TraceMap(entry.raw as unknown as ConstructorParameters<typeof TraceMap>[0]);
    const pos = originalPositionFor(entry.traced, { line, column: column - 1 });
    if (pos.line == null || pos.column == null) return { line, column };
    return { line: pos.line, column: pos.column + 1 };
  }
  return { line, column };
}

type CallSite = NodeJS.CallSite;
type Prepare = (error: Error, frames: CallSite[]) => unknown;

const MAPPED = Symbol.for('mpsim.stackMapping');

/** A call site whose position is the user's own; everything else is the original's. */
function mappedCallSite(site: CallSite): CallSite {
  let file: string | null | undefined;
  try {
    file = site.getFileName();
  } catch {
    return site;
  }
  if (!file || !entries.has(file)) return site;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line == null || column == null) return site;
  const pos = originalPosition(file, line, column);
  if (!pos || (pos.line === line && pos.column === column)) return site;
  const text = String(site);
  const at = `${file}:${line}:${column}`;
  const i = text.lastIndexOf(at);
  const shown = i < 0 ? text : `${text.slice(0, i)}${file}:${pos.line}:${pos.column}${text.slice(i + at.length)}`;
  return new Proxy(site, {
    get(target, key) {
      if (key === 'getLineNumber') return () => pos.line;
      if (key === 'getColumnNumber') return () => pos.column;
      if (key === 'toString') return () => shown;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function headline(error: Error): string {
  try {
    return String(error);
  } catch {
    return 'Error';
  }
}

/**
 * Installs the mapping on a realm's `Error` (idempotent). The hook never throws:
 * on any failure it falls back to V8's own text of the frames.
 */
export function installStackMapping(ErrorCtor: ErrorConstructor): void {
  const ctor = ErrorCtor as ErrorConstructor & { [MAPPED]?: boolean };
  if (ctor[MAPPED]) return;
  Object.defineProperty(ctor, MAPPED, { value: true });
  const base = ctor.prepareStackTrace as Prepare | undefined;
  let previous = base;
  const prepare: Prepare = (error, frames) => {
    let mapped = frames;
    try {
      if (entries.size > 0) mapped = frames.map(mappedCallSite);
    } catch {
      mapped = frames;
    }
    if (previous) return previous(error, mapped);
    // A realm with no hook of its own had its stacks formatted by the hook of the realm
    // we run in (jest's source-map-support, in the worker's main realm): keep that.
    const outer = (Error as ErrorConstructor & { prepareStackTrace?: unknown }).prepareStackTrace;
    if (ErrorCtor !== Error && typeof outer === 'function' && !(outer as { [MAPPED]?: boolean })[MAPPED])
      return (outer as Prepare)(error, mapped);
    try {
      return headline(error) + mapped.map((f) => `\n    at ${String(f)}`).join('');
    } catch {
      return headline(error);
    }
  };
  Object.defineProperty(prepare, MAPPED, { value: true });
  // Someone setting prepareStackTrace later (source-map-support) takes our place but
  // still gets mapped frames: setting replaces `previous`, the getter keeps ours.
  Object.defineProperty(ctor, 'prepareStackTrace', {
    configurable: true,
    enumerable: false,
    get: () => prepare,
    set: (fn: unknown) => {
      // Put back (ours, as read from the getter): the hook that was there before us.
      previous = fn === prepare ? base : typeof fn === 'function' ? (fn as Prepare) : undefined;
    },
  });
}
