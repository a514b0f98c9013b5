/**
 * Errors of `mpsim run` as a user needs them: where in *their* file, with a code frame for a
 * syntax error, and without the frames of mpsim's own loader or Node's internals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeFrame } from '../simulator/compile/code-frame';

export { codeFrame };

/** The installed package's root (dist/bin/errors.js → ../..). */
const packageRoot = path.resolve(__dirname, '..', '..');
const internalDirs = [path.join(packageRoot, 'dist') + path.sep, path.join(packageRoot, 'bin') + path.sep];

/** True for a stack frame of Node's internals or of mpsim's own code. */
function isInternalFrame(line: string): boolean {
  if (/\(node:|at node:|\(<anonymous>\)$|^\s*at new Promise \(<anonymous>\)/.test(line)) return true;
  return internalDirs.some((d) => line.includes(d));
}

/** `stack` without internal frames (the message lines are kept as they are). */
export function userStack(stack: string): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first < 0) return stack.replace(/\n+$/, '');
  const frames = lines.slice(first).filter((l) => /^\s+at /.test(l) && !isInternalFrame(l));
  return [...lines.slice(0, first), ...frames].filter((l) => l.trim() !== '').join('\n');
}

export interface SyntaxLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Where a SyntaxError Node raised while compiling a CommonJS file points: Node decorates its
 * stack with `<file>:<line>`, the source line as compiled and a caret. The compiled line may
 * carry a prefix the loader added (the module-scoped `window` on line 1); the column is
 * counted on the user's own line.
 */
export function syntaxLocation(err: unknown): SyntaxLocation | undefined {
  const e = err as { name?: unknown; stack?: unknown } | undefined;
  if (!e || e.name !== 'SyntaxError' || typeof e.stack !== 'string') return undefined;
  const m = /^(.+):(\d+)\n(.*)\n( *)\^/.exec(e.stack);
  if (!m) return undefined;
  const [, file, lineText, compiled, spaces] = m;
  const line = Number(lineText);
  let column = spaces.length + 1;
  try {
    const own = fs.readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
    if (own !== undefined && compiled.endsWith(own)) column -= compiled.length - own.length;
  } catch {
    return undefined;
  }
  return { file, line, column: Math.max(1, column) };
}

/** The message `mpsim run` prints for an error that ends the script. */
export function describeFatal(err: unknown, file: string): string {
  const where = syntaxLocation(err);
  const e = err as { message?: unknown; stack?: unknown } | undefined;
  if (where) {
    const source = fs.readFileSync(where.file, 'utf8');
    return [
      `mpsim run: syntax error in ${where.file}:${where.line}:${where.column}`,
      `SyntaxError: ${String(e?.message)}`,
      codeFrame(source, where.line, where.column),
    ].join('\n');
  }
  const text = e && typeof e.stack === 'string' ? userStack(e.stack) : String(e?.message ?? err);
  return `mpsim run: uncaught error in ${file}\n${text}`;
}
