/**
 * The developer tools' compile step: ES-module and TypeScript project code runs
 * as on the phone, stack positions name the user's own file:line:column, and a
 * compiled file is compiled once (content-hash cache).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileModule, compileStats, hasModuleSyntax } from '../../simulator/compile';
import { originalPosition } from '../../simulator/compile/stack';
import { tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;
declare const getApp: any;

const made: TempProject[] = [];
function project(files: Record<string, string>): string {
  const p = tempProject('mpsim-compile-test', files);
  made.push(p);
  return p.dir;
}
afterAll(() => {
  for (const p of made) p.remove();
});

const APP_JSON = JSON.stringify({ pages: ['pages/index/index'] });

/** The position `at` of the first stack frame naming `file`. */
function frameOf(stack: string, file: string): string | undefined {
  const line = stack.split('\n').find((l) => l.includes(file));
  const m = line && /:(\d+):(\d+)\)?$/.exec(line);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

describe('ES modules', () => {
  test('import/export, export default, re-exports, namespace imports and dynamic import() run as CommonJS', async () => {
    const dir = project({
      'app.json': APP_JSON,
      'app.js': "import { greet } from './utils/greet';\nApp({ globalData: { hello: greet('app') } });\n",
      'utils/greet.js': 'export const greet = (who) => `hi ${who}`;\nexport default function twice(x) { return x * 2; }\n',
      'utils/index.js':
        "export * from './greet';\nexport { default as twice } from './greet';\nexport const later = () => import('./greet');\n",
      'pages/index/index.js':
        "import * as u from '../../utils/index';\nimport twice from '../../utils/greet';\n" +
        "Page({ data: { text: u.greet('page'), n: twice(21) }, async later() { const m = await u.later(); return m.greet('late') + ':' + m.default(2); } });\n",
      'pages/index/index.wxml': '<view class="t">{{text}} {{n}}</view>',
    });
    const app = await mpsim.launch(dir);
    expect(getApp().globalData.hello).toBe('hi app');
    expect(app.currentPage.$('.t')!.textContent).toBe('hi page 42');
    await expect(app.currentPage.instance.later()).resolves.toBe('hi late:4');
  });

  test('a CommonJS file is not transformed; an ES-module file is, once (memory cache)', () => {
    const before = { ...compileStats };
    const cjs = compileModule('module.exports = 1;', '/virtual/cjs.js');
    expect(cjs.transformed).toBe(false);
    const src = `export const x = ${Math.random()};\n`;
    compileModule(src, '/virtual/a.js');
    compileModule(src, '/virtual/b.js');
    expect(compileStats.untouched - before.untouched).toBe(1);
    expect(compileStats.transformed + compileStats.diskHits - before.transformed - before.diskHits).toBe(1);
    expect(compileStats.memoryHits - before.memoryHits).toBe(1);
  });

  test('module syntax detection', () => {
    for (const s of [
      'import a from "b"',
      "import 'x'",
      'import{a}from"b"',
      'export default 1',
      'export const a = 1',
      'x;export { a }',
      'const m = import("./x")',
    ])
      expect([s, hasModuleSyntax(s)]).toEqual([s, true]);
    for (const s of ['module.exports = { important: 1 }', 'const exported = 2', 'var importer = require("x")'])
      expect([s, hasModuleSyntax(s)]).toEqual([s, false]);
  });

  test('the disk cache is keyed by content: a second process reads it instead of compiling', () => {
    const scratch = tempProject('mpsim-cache-test');
    made.push(scratch);
    const cacheDir = scratch.dir;
    const file = path.join(cacheDir, 'mod.js');
    fs.writeFileSync(file, `export const v = ${Date.now()};\n`);
    const script =
      `const { compileModule, compileStats } = require(${JSON.stringify(path.join(__dirname, '../../dist/simulator/compile/index.js'))});` +
      `compileModule(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'), ${JSON.stringify(file)});` +
      'process.stdout.write(JSON.stringify(compileStats));';
    const env = { ...process.env, MPSIM_CACHE_DIR: path.join(cacheDir, 'cache') };
    const first = JSON.parse(execFileSync(process.execPath, ['-e', script], { env }).toString());
    const second = JSON.parse(execFileSync(process.execPath, ['-e', script], { env }).toString());
    expect(first).toMatchObject({ transformed: 1, diskHits: 0 });
    expect(second).toMatchObject({ transformed: 0, diskHits: 1 });
    expect(fs.readdirSync(path.join(cacheDir, 'cache')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});

describe('TypeScript with useCompilerPlugins', () => {
  const files = {
    'app.json': APP_JSON,
    'project.config.json': JSON.stringify({ setting: { useCompilerPlugins: ['typescript'] } }),
    'app.ts':
      "import { tag } from './utils/tag';\ninterface G { tag: string }\nconst globalData: G = { tag: tag('app') };\nApp({ globalData });\n",
    'utils/tag.ts': 'export function tag(s: string): string {\n  return `<${s}>`;\n}\n',
    'utils/plain.js': "const { tag } = require('./tag');\nmodule.exports = { fromJs: tag('js') };\n",
    'pages/index/index.ts':
      "import { tag } from '../../utils/tag';\nconst { fromJs } = require('../../utils/plain');\n" +
      "type D = { a: string; b: string };\nconst data: D = { a: tag('page'), b: fromJs };\nPage({ data, boom(): never {\n  throw new Error('ts boom');\n} });\n",
    'pages/index/index.wxml': '<view class="a">{{a}}{{b}}</view>',
  };

  test('.ts pages, app.ts, and .ts required from .js', async () => {
    const app = await mpsim.launch(project(files));
    expect(getApp().globalData.tag).toBe('<app>');
    expect(app.currentPage.$('.a')!.textContent).toBe('<page><js>');
  });

  test('without the plugin, a .ts page is not project code', async () => {
    const { ['project.config.json']: _omit, ...rest } = files;
    void _omit;
    await expect(mpsim.launch(project(rest))).rejects.toThrow(/pages\/index\/index\.js missing/);
  });

  test('stack frames point into the .ts source', async () => {
    const dir = project(files);
    const app = await mpsim.launch(dir);
    let stack = '';
    try {
      app.currentPage.instance.boom();
    } catch (err) {
      stack = (err as Error).stack!;
    }
    expect(stack).toContain('ts boom');
    expect(frameOf(stack, path.join(dir, 'pages/index/index.ts'))).toBe('6:9');
  });
});

describe('exact stack positions', () => {
  test('frames name the line:column of the file itself — CommonJS (line 1 too) and ES module', async () => {
    const dir = project({
      'app.json': APP_JSON,
      'app.js': 'App({});\n',
      'utils/cjs.js': "exports.f = () => {\n      throw new Error('cjs'); };\n",
      'utils/first.js': "module.exports = () => { throw new Error('first line'); };\n",
      'utils/esm.js': "import { f } from './cjs';\nexport const g = () => {\n  throw new Error('esm ' + typeof f);\n};\n",
      'pages/index/index.js':
        "const cjs = require('../../utils/cjs');\nconst first = require('../../utils/first');\nconst esm = require('../../utils/esm');\n" +
        'Page({ cjs: cjs.f, first, esm: esm.g });\n',
      'pages/index/index.wxml': '<view>x</view>',
    });
    const app = await mpsim.launch(dir);
    const stackOf = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return (err as Error).stack!;
      }
      return '';
    };
    const page = app.currentPage.instance;
    expect(
      frameOf(
        stackOf(() => page.cjs()),
        path.join(dir, 'utils/cjs.js'),
      ),
    ).toBe('2:13');
    expect(
      frameOf(
        stackOf(() => page.first()),
        path.join(dir, 'utils/first.js'),
      ),
    ).toBe('1:32');
    expect(
      frameOf(
        stackOf(() => page.esm()),
        path.join(dir, 'utils/esm.js'),
      ),
    ).toBe('3:9');
  });

  test('thirdScriptError of a throw in onLoad names the file, line and column', async () => {
    const dir = project({
      'app.json': APP_JSON,
      'app.js': 'App({});\n',
      'pages/index/index.js': "import '../../utils/none-needed.js';\nPage({ onLoad() { null.x; } });\n",
      'utils/none-needed.js': 'export {};\n',
      'pages/index/index.wxml': '<view>x</view>',
    });
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
    try {
      await mpsim.launch(dir);
    } finally {
      spy.mockRestore();
    }
    const report = errors.find((e) => e.includes('thirdScriptError'));
    expect(report).toBeDefined();
    expect(report).toContain(`${path.join(dir, 'pages/index/index.js')}:2:24`);
  });

  test('a syntax error in an ES module names the file, line and column', async () => {
    const dir = project({
      'app.json': APP_JSON,
      'app.js': 'App({});\n',
      'pages/index/index.js': "import a from './a';\nPage({ data: { x: } });\n",
      'pages/index/a.js': 'export default 1;\n',
      'pages/index/index.wxml': '<view>x</view>',
    });
    await expect(mpsim.launch(dir)).rejects.toThrow(/pages\/index\/index\.js.*2:19|2:19.*pages\/index\/index\.js/s);
  });

  test('originalPosition leaves unknown files alone', () => {
    expect(originalPosition('/nowhere/never.js', 3, 4)).toBeUndefined();
  });
});
