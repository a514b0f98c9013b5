/**
 * Mini-program projects written to temp dirs for page tests, with the real
 * component libraries (devDependencies) linked in as miniprogram_npm.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempProject {
  dir: string;
  /** Writes a project file (folders created). */
  write(rel: string, text: string): void;
  remove(): void;
}

export function tempProject(prefix: string, files: Record<string, string> = {}): TempProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, write, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Links @vant/weapp's `lib` as `miniprogram_npm/@vant/weapp` of the project (as the developer tools' npm build lays it out). */
export function linkVant(dir: string): void {
  const lib = path.join(path.dirname(require.resolve('@vant/weapp/package.json')), 'lib');
  fs.mkdirSync(path.join(dir, 'miniprogram_npm', '@vant'), { recursive: true });
  fs.symlinkSync(lib, path.join(dir, 'miniprogram_npm', '@vant', 'weapp'));
}

/** Links tdesign-miniprogram's `miniprogram_dist` as `miniprogram_npm/tdesign-miniprogram`. */
export function linkTDesign(dir: string): void {
  const dist = path.join(path.dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist');
  fs.mkdirSync(path.join(dir, 'miniprogram_npm'), { recursive: true });
  fs.symlinkSync(dist, path.join(dir, 'miniprogram_npm', 'tdesign-miniprogram'));
}
