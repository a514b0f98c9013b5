/**
 * The compile step on code nobody here wrote: tdesign-miniprogram@1.16.0 as npm
 * ships it (raw ES modules, the developer tools compile them) and
 * @vant/weapp@1.11.7 (CommonJS, left untouched). Every script of both loads
 * through the project loader — imports resolved across the package,
 * `export default`, re-exports — and each component script calls Component()
 * with its definition.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Project } from '../../simulator/project';

const TDESIGN = path.dirname(require.resolve('tdesign-miniprogram/package.json'));
const VANT = path.dirname(require.resolve('@vant/weapp/package.json'));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-outside-'));
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/index/index'] }));
  fs.mkdirSync(path.join(dir, 'miniprogram_npm', '@vant'), { recursive: true });
  fs.symlinkSync(path.join(TDESIGN, 'miniprogram_dist'), path.join(dir, 'miniprogram_npm', 'tdesign-miniprogram'));
  fs.symlinkSync(path.join(VANT, 'lib'), path.join(dir, 'miniprogram_npm', '@vant', 'weapp'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Components of a package: folders with `<name>.json` (TDesign) or `index.json` (vant) saying component: true. */
function components(root: string, file: (name: string) => string): string[] {
  return fs
    .readdirSync(root)
    .filter((name) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(root, name, `${file(name)}.json`), 'utf8')).component === true;
      } catch {
        return false;
      }
    })
    .map((name) => `${name}/${file(name)}`);
}

/** Loads each component script in a realm of its own whose Component() records the definition. */
function loadAll(pkg: string, list: string[]): { defined: string[]; failed: Array<[string, string]> } {
  const defined: string[] = [];
  const failed: Array<[string, string]> = [];
  for (const comp of list) {
    const context = vm.createContext({ console });
    const global = vm.runInContext('this', context) as Record<string, unknown>;
    let definition: Record<string, unknown> | undefined;
    global.Component = (def: Record<string, unknown>) => void (definition = def);
    global.Behavior = (def: unknown) => def;
    // The simulator's real wx (this file's environment); only Component() is the recorder.
    global.wx = (globalThis as Record<string, unknown>).wx;
    global.getCurrentPages = (globalThis as Record<string, unknown>).getCurrentPages;
    global.getApp = (globalThis as Record<string, unknown>).getApp;
    try {
      const loader = new Project(dir).createLoader(global, {}, { vmContext: context });
      loader.require(`miniprogram_npm/${pkg}/${comp}`);
      if (!definition) throw new Error('Component() was not called');
      defined.push(comp);
    } catch (err) {
      failed.push([comp, String((err as Error).message ?? err).split('\n')[0]]);
    }
  }
  return { defined, failed };
}

test('every TDesign 1.16.0 component script (ES modules) loads and calls Component()', () => {
  const list = components(path.join(TDESIGN, 'miniprogram_dist'), (name) => name);
  expect(list.length).toBeGreaterThanOrEqual(80);
  const { defined, failed } = loadAll('tdesign-miniprogram', list);
  // message-item calls wx.createAnimation while it is defined: a wx API, not the compile step.
  const wx = (globalThis as unknown as Record<string, Record<string, unknown>>).wx;
  const expected = typeof wx.createAnimation === 'function' ? [] : [['message-item/message-item', 'wx.createAnimation is not a function']];
  expect(failed).toEqual(expected);
  expect(defined).toHaveLength(list.length - expected.length);
});

test('every vant 1.11.7 component script (CommonJS) loads and calls Component()', () => {
  const list = components(path.join(VANT, 'lib'), () => 'index');
  expect(list.length).toBeGreaterThanOrEqual(60);
  const { failed } = loadAll('@vant/weapp', list);
  expect(failed).toEqual([]);
});
