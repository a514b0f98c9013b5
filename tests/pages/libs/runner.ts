/**
 * Data-driven library pages: each case is a page written as the library's docs/demo use the
 * component, opened in ONE app per library (reLaunch per component), checked for the
 * component's documented structure, then driven by one realistic interaction whose event must
 * reach the page's handler.
 *
 * Page scripts are generated: every handler name the WXML binds (`bind:x="h"`, `bindx="h"`,
 * `catch…`) becomes a page method that records `{ handler, type, detail }` on `getApp().events`
 * (and, when the case says so, writes `detail` to a data path, as the docs' handlers do), so a
 * page holds only what the docs show and the test reads what reached the page.
 *
 * With MPSIM_WRITE_LIBRARY_TABLE=1 each file rewrites its section of
 * docs/conformance/libraries.md (component × opens / structure / interaction).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppHandle, PageHandle } from '../../../runtime/page/harness';
import { linkTDesign, linkVant, tempProject, type TempProject } from '../../helpers/project';

declare const mpsim: any;

export interface Recorded {
  handler: string;
  type: string;
  detail: any;
  dataset?: Record<string, unknown>;
}

export interface Ctx {
  page: PageHandle;
  app: AppHandle;
  /** Every event that reached a page handler since the page opened. */
  events: Recorded[];
  /** Resolves with the first recorded event for `handler` (waits up to 3 s). */
  event(handler: string): Promise<Recorded>;
}

export interface Case {
  /** Component directory name in the package (`button`, `dropdown-menu`…). */
  c: string;
  /** Page WXML, as the docs show the component used. */
  wxml: string;
  /** Initial page data the docs' page sets. */
  data?: Record<string, unknown>;
  /** Handlers that also `setData({ [path]: detail-or-expression })`, as the docs' handlers do: handler → data path. */
  set?: Record<string, string>;
  /** Extra page methods (JS source of object members) for what the docs' page script does besides recording. */
  methods?: string;
  /** Selectors that must match (documented structure); `[selector, text]` also checks the text. */
  structure: Array<string | [string, string]>;
  /** One realistic interaction, then the check that it reached the page. */
  act: (ctx: Ctx) => Promise<void>;
}

export type Stage = 'opens' | 'structure' | 'interaction';

/** A named exception: each failing stage with why, naming the gap (shown in the table). */
export type Known = Partial<Record<Stage, string>>;

export interface Lib {
  key: 'vant' | 'tdesign';
  name: string;
  title: string;
  prefix: string;
  /** Module path of a component for usingComponents. */
  module: (c: string) => string;
  /** Every component directory the package ships. */
  components: string[];
}

const vantRoot = path.join(path.dirname(require.resolve('@vant/weapp/package.json')), 'lib');
const tdRoot = path.join(path.dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist');

function componentsIn(root: string, script: (c: string) => string): string[] {
  return fs
    .readdirSync(root)
    .filter((c) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(root, c, `${script(c)}.json`), 'utf8')).component === true;
      } catch {
        return false;
      }
    })
    .sort();
}

export const vant: Lib = {
  key: 'vant',
  name: '@vant/weapp',
  title: '@vant/weapp 1.11.7',
  prefix: 'van-',
  module: (c) => `@vant/weapp/${c}/index`,
  components: componentsIn(vantRoot, () => 'index'),
};

export const tdesign: Lib = {
  key: 'tdesign',
  name: 'tdesign-miniprogram',
  title: 'tdesign-miniprogram 1.16.0',
  prefix: 't-',
  module: (c) => `tdesign-miniprogram/${c}/${c}`,
  components: componentsIn(tdRoot, (c) => c),
};

/** Handler names a WXML binds. */
function handlersOf(wxml: string): string[] {
  const names = new Set<string>();
  for (const m of wxml.matchAll(/\s(?:capture-)?(?:bind|catch|mut-bind)[:]?[A-Za-z-]+\s*=\s*"([A-Za-z_$][\w$]*)"/g)) names.add(m[1]);
  return [...names];
}

function pageScript(k: Case): string {
  const handlers = handlersOf(k.wxml);
  return [
    `const page = {\n  data: ${JSON.stringify(k.data ?? {})},\n${k.methods ?? ''}\n};`,
    `const set = ${JSON.stringify(k.set ?? {})};`,
    `for (const h of ${JSON.stringify(handlers)}) {`,
    '  const own = page[h];',
    '  page[h] = function (e) {',
    '    getApp().events.push({ handler: h, type: e.type, detail: e.detail, dataset: e.currentTarget && e.currentTarget.dataset });',
    '    if (set[h]) this.setData({ [set[h]]: e.detail });',
    '    if (own) return own.call(this, e);',
    '  };',
    '}',
    'Page(page);',
    '',
  ].join('\n');
}

function usingOf(lib: Lib, wxml: string): Record<string, string> {
  const using: Record<string, string> = {};
  const re = new RegExp(`<${lib.prefix.replace('-', '\\-')}([a-z][a-z-]*)`, 'g');
  for (const m of wxml.matchAll(re)) {
    const c = m[1];
    if (lib.components.includes(c)) using[`${lib.prefix}${c}`] = lib.module(c);
  }
  return using;
}

interface Result {
  opens: string;
  structure: string;
  interaction: string;
}

const short = (e: unknown) =>
  String((e as Error)?.message ?? e)
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('<'))
    .slice(0, 4)
    .join(' ')
    .slice(0, 200);

/**
 * Declares the tests of one library: a test per case (known exceptions must still fail at
 * their stage — one that starts working is news) plus one that every shipped component has a case.
 */
export function describeLibrary(lib: Lib, allCases: Case[], known: Record<string, Known>, setup?: () => void): void {
  // LIBPAGES_ONLY=a,b runs only those cases (while working on them; the coverage test then fails).
  const only = process.env.LIBPAGES_ONLY?.split(',');
  const cases = only ? allCases.filter((k) => only.includes(k.c)) : allCases;
  let project: TempProject;
  let app: AppHandle;
  const results = new Map<string, Result>();

  beforeAll(async () => {
    project = tempProject(`mpsim-libpages-${lib.key}`, { 'app.js': 'App({ events: [] });' });
    if (lib.key === 'vant') linkVant(project.dir);
    else linkTDesign(project.dir);
    const pages = ['pages/home/index', ...cases.map((k) => `pages/${k.c}/index`)];
    project.write('app.json', JSON.stringify({ pages }));
    project.write('pages/home/index.json', '{}');
    project.write('pages/home/index.wxml', '<view>home</view>');
    project.write('pages/home/index.js', 'Page({});');
    for (const k of cases) {
      project.write(`pages/${k.c}/index.json`, JSON.stringify({ usingComponents: usingOf(lib, k.wxml) }));
      project.write(`pages/${k.c}/index.wxml`, k.wxml);
      project.write(`pages/${k.c}/index.js`, pageScript(k));
    }
    setup?.();
    app = await mpsim.launch(project.dir);
  });

  afterAll(async () => {
    await app?.close();
    project?.remove();
    if (process.env.MPSIM_WRITE_LIBRARY_TABLE) writeTable(lib, cases, known, results);
  });

  test('every component the package ships has a page', () => {
    expect(lib.components.filter((c) => !allCases.some((k) => k.c === c))).toEqual([]);
  });

  test.each(cases.map((k) => [k.c, k] as const))('%s', async (_c, k) => {
    const r = await runCase(lib, k, () => app);
    results.set(k.c, r);
    const kn = known[k.c] ?? {};
    // Stages without a named exception pass; a named exception still holds (one that starts
    // working is news: take it off the list). A stage after a failed `opens` does not run.
    for (const s of ['opens', 'structure', 'interaction'] as const) {
      if (r[s] === 'not run') continue;
      if (kn[s]) expect([s, r[s]]).not.toEqual([s, 'ok']);
      else expect([s, r[s]]).toEqual([s, 'ok']);
    }
  });
}

async function runCase(lib: Lib, k: Case, getApp: () => AppHandle): Promise<Result> {
  const r: Result = { opens: 'not run', structure: 'not run', interaction: 'not run' };
  const app = getApp();
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
  const scriptError = () => {
    const e = errors.find((x) => x.includes('thirdScriptError') || x.startsWith('Uncaught (in promise)'));
    return e ? (e.split('\n').find((l) => /Error|Cannot|not /.test(l) && !l.includes('thirdScriptError')) ?? e).slice(0, 240) : undefined;
  };
  try {
    const events = app.instance!.events as Recorded[];
    events.length = 0;
    let page: PageHandle;
    try {
      page = await app.reLaunch(`pages/${k.c}/index`);
      await mpsim.idle();
      r.opens = scriptError() ?? 'ok';
    } catch (err) {
      r.opens = short(err);
      return r;
    }
    // A script error while opening is the `opens` verdict; the page is still checked and driven
    // (the table then says what works despite it).
    errors.length = 0;
    const missing = (): string[] => {
      const out: string[] = [];
      for (const s of k.structure) {
        const [sel, text] = typeof s === 'string' ? [s, undefined] : s;
        const el = page.$(sel);
        if (!el) out.push(`no ${sel}`);
        else if (text !== undefined && !(el.textContent ?? '').includes(text))
          out.push(`${sel} text "${(el.textContent ?? '').trim().slice(0, 40)}" lacks "${text}"`);
      }
      return out;
    };
    // Components that render after a timer (transitions, measured layouts) get a moment.
    await page.waitFor(() => missing().length === 0, { timeout: 1500 }).catch(() => undefined);
    const gaps = missing();
    r.structure = gaps.length ? gaps.join('; ') : 'ok';
    const ctx: Ctx = {
      page,
      app,
      events,
      async event(handler) {
        await page
          .waitFor(() => events.some((e) => e.handler === handler), { timeout: 3000 })
          .catch(() => {
            throw new Error(
              `no ${handler} event reached the page (got: ${events.map((e) => `${e.handler}/${e.type}`).join(', ') || 'none'})`,
            );
          });
        return events.find((e) => e.handler === handler)!;
      },
    };
    // Only what the interaction causes counts (not events fired while the page opened).
    events.length = 0;
    try {
      await k.act(ctx);
      await mpsim.idle();
      r.interaction = scriptError() ?? 'ok';
    } catch (err) {
      // A script error during the interaction is the cause worth naming.
      r.interaction = scriptError() ?? short(err);
    }
    // Work the interaction started (animation frames, measured rects) ends on this page, not the next.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await mpsim.idle();
    if (process.env.LIBPAGES_DUMP && (r.structure !== 'ok' || r.interaction !== 'ok'))
      // LIBPAGES_DUMP=<dir>: what a failing case saw, to read while fixing it.
      fs.writeFileSync(
        path.join(process.env.LIBPAGES_DUMP, `${lib.key}-${k.c}.txt`),
        `${JSON.stringify(r)}\nevents: ${JSON.stringify(events.map((e) => [e.handler, e.detail]))}\n${page.html()}\n`,
      );
    return r;
  } finally {
    spy.mockRestore();
  }
}

function cell(v: string, known: Known | undefined, stage: Stage): string {
  if (v === 'ok') return 'ok';
  if (v === 'not run') return '—';
  const why = known?.[stage] ?? v;
  return `✗ ${why.replace(/\|/g, '\\|')}`;
}

function writeTable(lib: Lib, cases: Case[], known: Record<string, Known>, results: Map<string, Result>): void {
  const file = path.join(__dirname, '../../../docs/conformance/libraries.md');
  const rows = cases.map((k) => {
    const r = results.get(k.c) ?? { opens: 'not run', structure: 'not run', interaction: 'not run' };
    const kn = known[k.c];
    return `| \`${lib.prefix}${k.c}\` | ${cell(r.opens, kn, 'opens')} | ${cell(r.structure, kn, 'structure')} | ${cell(r.interaction, kn, 'interaction')} |`;
  });
  const ok = cases.filter((k) => {
    const r = results.get(k.c);
    return r && r.opens === 'ok' && r.structure === 'ok' && r.interaction === 'ok';
  }).length;
  const opened = cases.filter((k) => results.get(k.c)?.opens === 'ok').length;
  const section = [
    `<!-- ${lib.key}:begin -->`,
    `### ${lib.title}: ${ok}/${cases.length} pass all three (${opened}/${cases.length} open)`,
    '',
    '| component | opens | structure | interaction |',
    '|---|---|---|---|',
    ...rows,
    `<!-- ${lib.key}:end -->`,
  ].join('\n');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const re = new RegExp(`<!-- ${lib.key}:begin -->[\\s\\S]*?<!-- ${lib.key}:end -->`);
  text = re.test(text) ? text.replace(re, section) : `${text}\n${section}\n`;
  fs.writeFileSync(file, text);
}
