/**
 * The mpsim CLI as a user runs it, for tests: a real child process of bin/mpsim
 * (built by `npm test`'s build step) with its exit code and output.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.join(__dirname, '..', '..');
const cli = path.join(repoRoot, 'bin', 'mpsim');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `mpsim ...args` in `cwd` (default: the repository root). */
export function runMpsim(args: string[], cwd = repoRoot): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
