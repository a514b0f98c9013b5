/**
 * Child of the compile-step bench row: compiles every `.js` of tdesign-miniprogram
 * and @vant/weapp through the compile step (MPSIM_CACHE_DIR decides cold or
 * cached) and prints the milliseconds spent, the files, and the cache counters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileModule, compileStats } from '../../simulator/compile';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.js')) out.push(p);
  }
  return out;
}

const roots = [
  path.join(path.dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist'),
  path.join(path.dirname(require.resolve('@vant/weapp/package.json')), 'lib'),
];
const files = roots.flatMap((r) => walk(r));
const t0 = process.hrtime.bigint();
for (const f of files) compileModule(fs.readFileSync(f, 'utf8'), f);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({ ms, files: files.length, ...compileStats }));
