/**
 * @jest-environment-options {"mpsim": {"unhandledRejections": "log"}}
 *
 * (TDesign leaves rejections nobody handles by design — its getRect rejects with null when a
 * selector query finds nothing, e.g. color-picker's saturation panel that `type: 'base'` does not
 * render — as it does on the phone.)
 *
 * The differential test against WeChat's own WXML compiler (`wcc`, npm miniprogram-compiler):
 * every component of @vant/weapp 1.11.7 and tdesign-miniprogram 1.16.0 (as npm ships them), a
 * few property sets where WXS decides the output, and the pages of our samples, rendered by OUR
 * page engine (runtime/page, through the real launch / PagesRuntime on a generated page per
 * component) and by wcc's `$gwx` on the same data.
 *
 * Every component instance on the page is compared, not only the page's subject: its own tree
 * (what its template rendered from its data: the vdom the instance keeps, slot content from
 * its parent left out) against `$gwx('<its template>')(its data after attach)`, both normalised
 * by bench/engine/wcc.js. A child component's host is compared on id/class/style/slot, with the
 * slot content this template gives it as its children (that content is this template's output);
 * `<slot>` elements themselves are not compared (ours places the content, it keeps no slot node).
 *
 * Every `.wxml` and `.wxs` file of both libraries also compiles on its own (parse + every
 * expression; WXS rewritten and evaluated), one row per file.
 *
 * Exceptions live in EXCEPTIONS below, one reason each; an exception whose row starts passing
 * fails the test (take it off the list). docs/conformance/wcc-differential.md has the table:
 *   MPSIM_WCC_TABLE=docs/conformance/wcc-differential.md npx jest tests/conformance/wcc-differential.test.ts
 * Skipped where miniprogram-compiler has no wcc binary (linux-arm64), like wcc-oracle.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSimulator, type Simulator } from '../../index';
import { renderOptions } from '../../runtime/page/definition';
import { externalClassMap, mapClassList, stateOf, type Instance } from '../../runtime/page/instance';
import { compileInterpolation, evaluateInterpolation, toText } from '../../runtime/page/expression';
import { TemplateLoader } from '../../runtime/page/template';
import { validateTemplate } from '../../runtime/page/vdom';
import { compileWxs, WXS_ARGS, WXS_PARAMS } from '../../simulator/compile/wxs';
import { linkTDesign, linkVant, tempProject, type TempProject } from '../helpers/project';

/* eslint-disable @typescript-eslint/no-require-imports */
const wcc: any = require('../../bench/engine/wcc');
const libs: any = require('../../bench/engine/libs');
const trees: any = require('../../bench/engine/instance-trees');
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(180_000);

const haveWcc: boolean = wcc.wccAvailable();
const describeWcc = haveWcc ? describe : describe.skip;

interface Source {
  /** Short name in row titles. */
  name: string;
  /** Directory wcc compiles (and the library / project root). */
  dir: string;
  /** Where the engine sees these files, project-relative (`miniprogram_npm/@vant/weapp/`, '' for a project). */
  mount: string;
  files: { wxml: string[]; wxs: string[] };
  /** Project app.json usingComponents (global components), for samples. */
  globalUsing?: Record<string, string>;
}

const VANT = libs.LIBS.vant;
const TDESIGN = libs.LIBS.tdesign;
const vantFiles = libs.libraryFiles(VANT);
const tdFiles = libs.libraryFiles(TDESIGN);

const SAMPLES_DIR = path.join(__dirname, '..', '..', 'samples');
function projectFiles(dir: string): { wxml: string[]; wxs: string[] } {
  const all: string[] = libs.walk(dir).map((f: string) => path.relative(dir, f).split(path.sep).join('/'));
  return { wxml: all.filter((f) => f.endsWith('.wxml')), wxs: all.filter((f) => f.endsWith('.wxs')) };
}

const SOURCES: Record<string, Source> = {
  vant: { name: 'vant', dir: VANT.dir, mount: 'miniprogram_npm/@vant/weapp/', files: vantFiles },
  tdesign: { name: 'tdesign', dir: TDESIGN.dir, mount: 'miniprogram_npm/tdesign-miniprogram/', files: tdFiles },
};
const SAMPLE_PROJECTS: Record<string, string> = {
  miniprogram: path.join(SAMPLES_DIR, 'miniprogram'),
  'cloud/album': path.join(SAMPLES_DIR, 'cloud', 'album', 'miniprogram'),
};
for (const [name, dir] of Object.entries(SAMPLE_PROJECTS)) {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
  SOURCES[`sample ${name}`] = { name: `sample ${name}`, dir, mount: '', files: projectFiles(dir), globalUsing: app.usingComponents ?? {} };
}

/**
 * Property sets where WXS decides what renders (the `constructor` test, style arrays,
 * arrays of options): rows beside the defaults.
 */
const PROPERTY_SETS: Array<{ lib: 'vant' | 'tdesign'; path: string; props: Record<string, unknown> }> = [
  { lib: 'vant', path: 'picker/index', props: { columns: ['杭州', '宁波', '温州'] } },
  { lib: 'vant', path: 'picker/index', props: { columns: [{ values: ['a', 'b'] }, { values: ['c'], defaultIndex: 0 }] } },
  { lib: 'vant', path: 'picker-column/index', props: { initialOptions: ['a', 'b'] } },
  { lib: 'vant', path: 'picker-column/index', props: { initialOptions: [{ text: 'x', disabled: true }, { text: 'y' }], valueKey: 'text' } },
  { lib: 'vant', path: 'button/index', props: { type: 'primary', size: 'small', round: true, block: true, customStyle: 'color: red' } },
  { lib: 'vant', path: 'icon/index', props: { name: 'chat', info: 9, dot: true, size: 20, color: 'red' } },
  { lib: 'vant', path: 'tag/index', props: { type: 'success', plain: true, mark: true, textColor: '#fff' } },
  { lib: 'vant', path: 'progress/index', props: { percentage: 30, strokeWidth: 8, pivotText: 'x' } },
  { lib: 'vant', path: 'grid-item/index', props: { text: 'a', icon: 'photo-o', badge: 3 } },
  { lib: 'vant', path: 'steps/index', props: { steps: [{ text: 'a', desc: 'd' }, { text: 'b' }], active: 1, direction: 'vertical' } },
  {
    lib: 'vant',
    path: 'uploader/index',
    props: {
      fileList: [
        { url: 'https://x/a.png', name: 'a' },
        { url: 'https://x/b.pdf', isImage: false, status: 'uploading', message: 'm' },
      ],
    },
  },
  {
    lib: 'vant',
    path: 'tree-select/index',
    props: {
      items: [
        {
          text: 'g',
          children: [
            { text: 'c', id: 1 },
            { text: 'd', id: 2, disabled: true },
          ],
        },
      ],
      mainActiveIndex: 0,
      activeId: 1,
    },
  },
  { lib: 'vant', path: 'rate/index', props: { value: 3.5, allowHalf: true, count: 6, color: '#f00' } },
  { lib: 'vant', path: 'sticky/index', props: { offsetTop: 10, zIndex: 5 } },
  { lib: 'tdesign', path: 'checkbox-group/checkbox-group', props: { options: ['x', { label: 'Y', value: 'y', disabled: true }] } },
  { lib: 'tdesign', path: 'radio-group/radio-group', props: { options: [{ label: 'A', value: 'a' }, 'b'] } },
  {
    lib: 'tdesign',
    path: 'swiper/swiper',
    props: { list: ['https://x/1.png', { value: 'https://x/2.png', ariaLabel: 'two' }], navigation: { type: 'dots' } },
  },
  {
    lib: 'tdesign',
    path: 'picker-item/picker-item',
    props: {
      options: [
        { label: 'a', value: 1 },
        { label: 'b', value: 2 },
      ],
    },
  },
  {
    lib: 'tdesign',
    path: 'image-viewer/image-viewer',
    props: { visible: true, images: ['https://x/1.png', 'https://x/2.png'], showIndex: true },
  },
  { lib: 'tdesign', path: 'dropdown-item/dropdown-item', props: { options: [{ label: 'a', value: 'a' }], label: 'L' } },
  { lib: 'tdesign', path: 'chat-content/chat-content', props: { content: { type: 'text', data: 'a < b & "c"' }, role: 'user' } },
  {
    lib: 'tdesign',
    path: 'chat-content/chat-content',
    props: { content: { type: 'markdown', data: '# T\n\n- a\n- **b**' }, role: 'assistant' },
  },
  { lib: 'tdesign', path: 'picker/picker', props: { visible: true, title: 'T', header: true } },
  {
    lib: 'tdesign',
    path: 'button/button',
    props: { theme: 'primary', size: 'large', block: true, style: 'color: red', customStyle: 'margin: 0' },
  },
  { lib: 'tdesign', path: 'tag/tag', props: { theme: 'success', variant: 'outline', closable: true, style: 'width: 10px' } },
  { lib: 'tdesign', path: 'steps/steps', props: { current: 1, layout: 'vertical' } },
  { lib: 'tdesign', path: 'tabs/tabs', props: { value: 0, theme: 'tag', style: ['color: red', 'margin: 0'] } },
  { lib: 'tdesign', path: 'rate/rate', props: { value: 3, count: 5, showText: true, texts: ['a', 'b', 'c', 'd', 'e'] } },
  { lib: 'tdesign', path: 'avatar/avatar', props: { image: 'https://x/a.png', shape: 'round', badgeProps: { count: 3 } } },
  { lib: 'tdesign', path: 'progress/progress', props: { percentage: 40, theme: 'circle', color: ['#f00', '#0f0'] } },
  { lib: 'tdesign', path: 'image/image', props: { src: 'https://x/a.png', shape: 'circle', width: 50, height: 60 } },
  { lib: 'tdesign', path: 'badge/badge', props: { count: 120, maxCount: 99, shape: 'ribbon' } },
  { lib: 'tdesign', path: 'cell/cell', props: { title: 't', note: 'n', arrow: true, leftIcon: 'app', hover: true } },
];

/**
 * Pages that put components together: slot content (default and named), parent/child relations,
 * several instances of one component. The page's own tree is compared too.
 */
const V = (c: string) => `@vant/weapp/${c}/index`;
const T = (c: string) => `tdesign-miniprogram/${c}/${c}`;
const COMPOSITES: Array<{ lib: 'vant' | 'tdesign'; wxml: string; using: Record<string, string> }> = [
  {
    lib: 'vant',
    wxml: '<van-cell-group title="G"><van-cell title="A" value="1" /><van-cell title="B" label="l" is-link /></van-cell-group>',
    using: { 'van-cell-group': V('cell-group'), 'van-cell': V('cell') },
  },
  {
    lib: 'vant',
    wxml: '<van-tabs><van-tab title="T1">one</van-tab><van-tab title="T2">two</van-tab></van-tabs>',
    using: { 'van-tabs': V('tabs'), 'van-tab': V('tab') },
  },
  {
    lib: 'vant',
    wxml: '<van-collapse><van-collapse-item title="A" name="1">body</van-collapse-item><van-collapse-item title="B" name="2" /></van-collapse>',
    using: { 'van-collapse': V('collapse'), 'van-collapse-item': V('collapse-item') },
  },
  {
    lib: 'vant',
    wxml: '<van-grid column-num="2"><van-grid-item icon="photo-o" text="a" /><van-grid-item icon="photo-o" text="b" /></van-grid>',
    using: { 'van-grid': V('grid'), 'van-grid-item': V('grid-item') },
  },
  {
    lib: 'vant',
    wxml: '<van-button type="primary"><text class="x">slot text</text></van-button><van-cell title="t"><view slot="icon">i</view><text slot="right-icon">r</text></van-cell>',
    using: { 'van-button': V('button'), 'van-cell': V('cell') },
  },
  {
    lib: 'vant',
    wxml: '<van-radio-group><van-radio name="a">A</van-radio><van-radio name="b">B</van-radio></van-radio-group>',
    using: { 'van-radio-group': V('radio-group'), 'van-radio': V('radio') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-cell-group title="G"><t-cell title="A" note="n" /><t-cell title="B" arrow /></t-cell-group>',
    using: { 't-cell-group': T('cell-group'), 't-cell': T('cell') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-tabs><t-tab-panel label="A" value="0">a</t-tab-panel><t-tab-panel label="B" value="1">b</t-tab-panel></t-tabs>',
    using: { 't-tabs': 'tdesign-miniprogram/tabs/tabs', 't-tab-panel': 'tdesign-miniprogram/tab-panel/tab-panel' },
  },
  {
    lib: 'tdesign',
    wxml: '<t-grid><t-grid-item text="a" icon="app" /><t-grid-item text="b" icon="app" /></t-grid>',
    using: { 't-grid': T('grid'), 't-grid-item': T('grid-item') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-steps><t-step-item title="a" content="x" /><t-step-item title="b" /></t-steps>',
    using: { 't-steps': T('steps'), 't-step-item': T('step-item') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-button theme="primary">Go <text>bold</text></t-button><t-cell title="t"><view slot="note">n</view></t-cell>',
    using: { 't-button': T('button'), 't-cell': T('cell') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-radio-group><t-radio value="a" label="A" /><t-radio value="b" label="B" /></t-radio-group>',
    using: { 't-radio-group': T('radio-group'), 't-radio': T('radio') },
  },
  {
    lib: 'tdesign',
    wxml: '<t-collapse><t-collapse-panel header="H" value="{{0}}">body</t-collapse-panel></t-collapse>',
    using: { 't-collapse': T('collapse'), 't-collapse-panel': T('collapse-panel') },
  },
];

/** Data sets for sample pages (the states their users reach), beside each page's defaults. */
const SAMPLE_STATES: Array<{ sample: string; page: string; data: Record<string, unknown> }> = [
  {
    sample: 'miniprogram',
    page: 'pages/upload/upload',
    data: { image: 'wxfile://tmp_a.png', size: '3 KB', progress: 40, sent: '1/3', uploading: true, error: 'e' },
  },
  {
    sample: 'miniprogram',
    page: 'pages/upload/upload',
    data: { progress: 100, result: { status: 200, filename: 'a.png', size: 3, md5: 'abc' } },
  },
  {
    sample: 'cloud/album',
    page: 'pages/upload/upload',
    data: { image: 'wxfile://a.png', progress: 100, saved: { id: 1, fileID: 'cloud://x' } },
  },
  {
    sample: 'cloud/album',
    page: 'pages/album/album',
    data: { loaded: true, photos: [{ id: 1, fileID: 'cloud://a' }], downloaded: { path: 'wxfile://b' }, error: 'e' },
  },
];

/**
 * The rows that do not pass, with why. Key: the row title. `kinds`: the difference kinds the
 * row shows (checked, so a row that changes how it differs is news too).
 */
const EXCEPTIONS: Record<string, { reason: string; kinds?: string[]; error?: string }> = {
  'tdesign chat-content/chat-content': {
    reason:
      'throws on the phone too: `content` (type Object, so null by default) is read as `content.type` in attached; TDesign marks it required. Rendered with content in the rows below',
    error: "Cannot read properties of null (reading 'type')",
  },
};

interface Row {
  title: string;
  source: string;
  /** Component path in its library (no extension), or the sample page route. */
  path: string;
  tag?: string;
  props?: Record<string, unknown>;
  pageData?: Record<string, unknown>;
  /** A composite page: its template and components (tag → library path); the page's own tree is compared too. */
  composite?: { wxml: string; using: Record<string, string> };
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const [key, files, lib] of [
    ['vant', vantFiles, VANT],
    ['tdesign', tdFiles, TDESIGN],
  ] as const)
    for (const c of files.components) out.push({ title: `${key} ${c.path}`, source: key, path: c.path, tag: libs.tagOf(lib, c.path) });
  for (const s of PROPERTY_SETS) {
    const lib = s.lib === 'vant' ? VANT : TDESIGN;
    out.push({
      title: `${s.lib} ${s.path} ${JSON.stringify(s.props)}`,
      source: s.lib,
      path: s.path,
      tag: libs.tagOf(lib, s.path),
      props: s.props,
    });
  }
  for (const c of COMPOSITES) out.push({ title: `${c.lib} page: ${c.wxml}`, source: c.lib, path: '', composite: c });
  for (const [name, dir] of Object.entries(SAMPLE_PROJECTS)) {
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    for (const p of app.pages as string[]) out.push({ title: `sample ${name} ${p}`, source: `sample ${name}`, path: p });
  }
  for (const s of SAMPLE_STATES)
    out.push({
      title: `sample ${s.sample} ${s.page} ${JSON.stringify(s.data)}`,
      source: `sample ${s.sample}`,
      path: s.page,
      pageData: s.data,
    });
  return out;
}

const ROWS = rows();

// ---- the comparison ------------------------------------------------------------------------

interface InstanceResult {
  /** Template file, source-relative. */
  file: string;
  diffs: Array<{ kind: string; at: string; ours?: unknown; oracle?: unknown }>;
}

let sim: Simulator;
let project: TempProject;
const wccLibs = new Map<string, any>();
const errors: string[] = [];
const results = new Map<string, { instances: number; failed: InstanceResult[]; scriptErrors: string[] }>();
const fileResults = new Map<string, boolean>();
const exprResults = new Map<string, boolean>();

function sourceOf(file: string): { source: Source; rel: string } | undefined {
  for (const s of Object.values(SOURCES)) if (s.mount && file.startsWith(s.mount)) return { source: s, rel: file.slice(s.mount.length) };
  return undefined;
}

function usingTags(source: Source, rel: string): Set<string> {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(fs.readFileSync(path.join(source.dir, rel.replace(/\.wxml$/, '.json')), 'utf8'));
  } catch {
    // no .json: no components
  }
  return new Set([
    ...Object.keys((json.usingComponents as object) ?? {}),
    ...Object.keys((json.componentGenerics as object) ?? {}),
    ...Object.keys(source.globalUsing ?? {}),
  ]);
}

function wccOf(source: Source): any {
  let lib = wccLibs.get(source.name);
  if (!lib) {
    lib = new wcc.WccLibrary(source.dir, source.files.wxml, source.files.wxs);
    wccLibs.set(source.name, lib);
  }
  return lib;
}

/**
 * The data as the view layer holds it: a JSON-like copy (functions and undefined left out). A
 * reference back to an enclosing object is left out too: code may mutate its data in place
 * into a cycle (TDesign chat-markdown hands `this.data.options` to marked's Lexer, which links
 * it to itself) — on the phone the view kept the copy setData sent, which had none.
 */
function viewCopy(v: unknown, stack: object[] = []): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (stack.includes(v)) return undefined;
  stack.push(v);
  try {
    if (Array.isArray(v)) return v.map((x) => viewCopy(x, stack) ?? null);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const c = viewCopy((v as Record<string, unknown>)[k], stack);
      if (c !== undefined) out[k] = c;
    }
    return out;
  } finally {
    stack.pop();
  }
}

/** Compares one instance's own tree with wcc's render of its template on its data. */
function compareInstance(inst: Instance, pageSource?: Source): InstanceResult {
  const st = stateOf(inst);
  const tf = (st.world as unknown as { templateOf(d: unknown): { file: string } | undefined }).templateOf(st.def);
  if (!tf) return { file: `${inst.is} (no template)`, diffs: [] };
  const found = sourceOf(tf.file) ?? (pageSource ? { source: pageSource, rel: tf.file } : undefined);
  if (!found) return { file: tf.file, diffs: [{ kind: 'source', at: tf.file, ours: 'not a compared source' }] };
  const { source, rel } = found;
  const tags = usingTags(source, rel);
  const isComponent = (t: string) => tags.has(t);
  const data = viewCopy(inst.data) as Record<string, unknown>;
  let oracle: unknown;
  try {
    oracle = wccOf(source).render(rel, data);
  } catch (e) {
    return { file: `${source.name} ${rel}`, diffs: [{ kind: 'oracle', at: rel, oracle: String((e as Error).message).slice(0, 200) }] };
  }
  const opts = { dropSlots: true };
  const ours = wcc.normalisePlain(trees.ownTree(st), isComponent, opts);
  const theirs = withoutVirtualHostAttrs(withExternalClasses(wcc.normaliseWcc(oracle, isComponent, opts), st), st);
  const diffs = wcc.diffTrees(ours, theirs);
  // MPSIM_WCC_DEBUG=<part of a template path>: both normalised trees of that template, when they differ.
  const debug = process.env.MPSIM_WCC_DEBUG;
  if (debug && diffs.length && rel.includes(debug))
    process.stderr.write(`${rel}\nours:   ${JSON.stringify(ours)}\noracle: ${JSON.stringify(theirs)}\ndata:   ${JSON.stringify(data)}\n`);
  return { file: `${source.name} ${rel}`, diffs };
}

/**
 * wcc leaves an external class name in the class list as written (`custom-class`); the client's
 * framework replaces it with the classes the host passed, or nothing (decision 021). The oracle's
 * class lists get that replacement from the instance's host, as the framework would do.
 */
function withExternalClasses(tree: unknown, st: ReturnType<typeof stateOf>): unknown {
  const passed = externalClassMap(st);
  if (!passed) return tree;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const node = n as { attrs?: Record<string, string>; children?: unknown[] };
    const cls = node.attrs?.class;
    if (cls !== undefined) {
      const joined = [...new Set(mapClassList(cls, passed).split(' '))].filter(Boolean).sort().join(' ');
      if (joined) node.attrs!.class = joined;
      else delete node.attrs!.class;
    }
    if (node.children) visit(node.children);
  };
  visit(tree);
  return tree;
}

/**
 * A virtualHost component has no host node on the client: the `class` its owner writes reaches its
 * external class `class` and `style` its `style` property (decision 021), compared inside the child's
 * own tree. So class/style on such hosts are dropped from the oracle's tree (ours has none there).
 */
function withoutVirtualHostAttrs(tree: unknown, st: ReturnType<typeof stateOf>): unknown {
  const virtualTags = new Set<string>();
  const collect = (nodes: unknown[]): void => {
    for (const n of nodes as Array<{ k: string; tag?: string; def?: unknown; children?: unknown[]; slot?: unknown[] }>) {
      if (n.k === 'comp') {
        if (renderOptions(n.def as never).virtualHost) virtualTags.add(n.tag!);
        collect(n.slot ?? []);
      } else if (n.k === 'el') collect(n.children ?? []);
    }
  };
  collect((st as unknown as { vnodes: unknown[] }).vnodes);
  if (virtualTags.size === 0) return tree;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const node = n as { tag?: string; attrs?: Record<string, string>; children?: unknown[] };
    if (node.tag && virtualTags.has(node.tag) && node.attrs) {
      delete node.attrs.class;
      delete node.attrs.style;
    }
    if (node.children) visit(node.children);
  };
  visit(tree);
  return tree;
}

function pageFor(row: Row, i: number): string {
  const page = `pages/r${i}/index`;
  if (row.composite) {
    project.write(`${page}.json`, JSON.stringify({ usingComponents: row.composite.using }));
    project.write(`${page}.wxml`, `${row.composite.wxml}\n`);
    project.write(`${page}.js`, 'Page({});\n');
    return page;
  }
  const src = SOURCES[row.source];
  const attrs = Object.keys(row.props ?? {})
    .map((k) => ` ${wcc.kebab(k)}="{{${k}}}"`)
    .join('');
  project.write(`${page}.json`, JSON.stringify({ usingComponents: { [row.tag!]: `/${src.mount}${row.path}` } }));
  project.write(`${page}.wxml`, `<${row.tag} id="subject"${attrs}></${row.tag}>\n`);
  project.write(`${page}.js`, `Page({ data: ${JSON.stringify(row.props ?? {})} });\n`);
  return page;
}

describeWcc('wcc differential: our engine against the official compiler', () => {
  const apps = new Map<string, any>();
  const pageOf = new Map<string, string>();

  beforeAll(async () => {
    project = tempProject('mpsim-wcc-diff', { 'app.js': 'App({});' });
    linkVant(project.dir);
    linkTDesign(project.dir);
    const pages: string[] = [];
    ROWS.forEach((r, i) => {
      if (r.tag || r.composite) {
        const p = pageFor(r, i);
        pages.push(p);
        pageOf.set(r.title, p);
      }
    });
    project.write('app.json', JSON.stringify({ pages }));
    // The composite pages are compared too: wcc compiles them in the generated project.
    const compositePages = ROWS.filter((r) => r.composite).map((r) => `${pageOf.get(r.title)}.wxml`);
    SOURCES.composites = { name: 'composites', dir: project.dir, mount: '', files: { wxml: compositePages, wxs: [] } };
    const capture = (...a: unknown[]) => void errors.push(a.map((x) => (x instanceof Error ? x.message : String(x))).join(' '));
    const quiet = () => undefined;
    const cons = { log: quiet, info: quiet, debug: quiet, warn: quiet, error: capture } as unknown as Console;
    sim = await createSimulator({ cloud: false, defaultAlbum: false, console: cons } as never);
    sim.install(globalThis as never);
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await sim?.dispose();
    project?.remove();
  });

  /** One app at a time (a simulator runs one mini-program): rows are grouped by project. */
  async function appFor(key: string, dir: string): Promise<any> {
    let app = apps.get(key);
    if (!app) {
      for (const [k, other] of apps) {
        await other.close();
        apps.delete(k);
      }
      app = await (sim.mpsim as any).launch(dir);
      await (sim.mpsim as any).idle();
      apps.set(key, app);
    }
    return app;
  }

  test.each(ROWS.map((r) => [r.title, r] as const))('%s', async (title, row) => {
    errors.length = 0;
    let page: any;
    let pageSource: Source | undefined;
    if (row.tag || row.composite) {
      const app = await appFor('libs', project.dir);
      page = await app.reLaunch('/' + pageOf.get(title));
      if (row.composite) pageSource = SOURCES.composites;
    } else {
      pageSource = SOURCES[row.source];
      const app = await appFor(row.source, pageSource.dir);
      page = await app.reLaunch('/' + row.path);
      if (row.pageData) await page.setData(row.pageData);
    }
    await (sim.mpsim as any).idle();
    const under: Instance[] = trees.instancesUnder(page.instance, stateOf);
    const instances: Instance[] = row.tag ? under : [page.instance, ...under];
    const compared = instances.map((inst) => compareInstance(inst, pageSource));
    const failed = compared.filter((c) => c.diffs.length);
    const scriptErrors = errors
      .filter((e) => e.includes('thirdScriptError'))
      .map((e) => (e.split('\n').find((l) => /Error|Cannot|not/.test(l) && !l.includes('thirdScriptError')) ?? e).slice(0, 200));
    results.set(title, { instances: instances.length, failed, scriptErrors });

    const summary = failed.map(
      (f) => `${f.file}: ${f.diffs.length} × ${[...new Set(f.diffs.map((d) => d.kind))].join(',')} — first ${JSON.stringify(f.diffs[0])}`,
    );
    if (row.tag) expect(instances.length).toBeGreaterThan(0);
    const known = EXCEPTIONS[title];
    if (!known) {
      expect(scriptErrors).toEqual([]);
      expect(summary).toEqual([]);
    } else {
      // A known exception that starts passing is news: take it off the list.
      expect(summary.length + scriptErrors.length).toBeGreaterThan(0);
      if (known.error) expect(scriptErrors).toEqual([expect.stringContaining(known.error)]);
      else expect(scriptErrors).toEqual([]);
      if (known.kinds) expect([...new Set(failed.flatMap((f) => f.diffs.map((d) => d.kind)))].sort()).toEqual([...known.kinds].sort());
    }
  });
});

// ---- expressions, one by one ------------------------------------------------------------------

/**
 * Text templates (`{{ }}` alone or inside text) evaluated by our expression engine and by wcc on
 * the same data: the text each renders, and for a lone `{{ }}` the raw value an attribute gets
 * (compared as JSON: wcc's tree carries NaN/Infinity as null, as JSON does). Only what this wcc
 * accepts is listed; it refuses unary `+`, exponents (`1e3`), hex, `typeof` and spread in array
 * literals or outside template data, which ours accepts (docs/pages.md).
 */
const EXPRESSIONS = [
  '{{a + b}}',
  "{{'a' + u}}",
  "{{'a' + n}}",
  'x{{n}}y{{u}}z',
  '{{u + 1}}',
  '{{n + 1}}',
  '{{t + 1}}',
  "{{'5' * '2'}}",
  "{{'5' - 2}}",
  "{{'5' + 2}}",
  "{{'b' > 'a'}}",
  "{{a == '2'}}",
  "{{a === '2'}}",
  '{{n == u}}',
  '{{n === u}}',
  '{{!u}}',
  '{{!!s}}',
  '{{-s}}',
  '{{a / 0}}',
  '{{-a / 0}}',
  '{{a % 3}}',
  '{{7 % -3}}',
  '{{.5}}',
  '{{5.}}',
  '{{0.1 + 0.2}}',
  '{{1 / 3}}',
  '{{arr.length}}',
  '{{s.length}}',
  '{{o.a.b}}',
  '{{o.x.y}}',
  '{{arr[1]}}',
  '{{arr[-1]}}',
  '{{arr[1 + 1]}}',
  "{{o['a']['b']}}",
  '{{s[1]}}',
  "{{x ? 'y' : 'z'}}",
  '{{t ? u : n}}',
  '{{t && s}}',
  "{{f || 'd'}}",
  '{{n || u}}',
  '{{u && 1}}',
  '{{[o]}}',
  '{{[[1, 2], [3]]}}',
  '{{[n, u, 1]}}',
  '{{a > 1 && b < 5 || f}}',
  '{{a !== a}}',
  '{{a + b * 2 - 1}}',
  "{{'a' + 'b' + a + b}}",
  "{{a + b + 'c'}}",
  '{{s + n + u}}',
  "{{arr + ''}}",
  "{{arr == '1,2,3'}}",
  '{{arr}} and {{o}} and {{n}}',
  '{{ {x: a, y: [b]} }}',
];
const EXPRESSION_DATA = { a: 2, b: 3, s: 'xy', n: null, t: true, f: false, arr: [1, 2, 3], o: { a: { b: 'ab' } } };

describeWcc('wcc differential: expressions', () => {
  let dir: TempProject;
  let oracle: { text: Map<number, string>; raw: Map<number, unknown> };
  beforeAll(() => {
    dir = tempProject('mpsim-wcc-expr', {
      'e.wxml': EXPRESSIONS.map((e, i) => `<view id="t${i}">${e}</view>\n<view id="r${i}" data-v="${e}"></view>`).join('\n'),
    });
    const lib = new wcc.WccLibrary(dir.dir, ['e.wxml'], []);
    expect([...lib.fileErrors.values()]).toEqual([]);
    const tree = lib.render('e.wxml', EXPRESSION_DATA);
    oracle = { text: new Map(), raw: new Map() };
    const visit = (n: any) => {
      if (!n || typeof n !== 'object') return;
      const id = n.attr?.id as string | undefined;
      if (id?.startsWith('t')) oracle.text.set(Number(id.slice(1)), (n.children as unknown[]).map((c) => String(c)).join(''));
      else if (id?.startsWith('r')) oracle.raw.set(Number(id.slice(1)), n.attr['data-v']);
      else for (const c of n.children ?? []) visit(c);
    };
    visit(tree);
  });
  afterAll(() => dir?.remove());

  test.each(EXPRESSIONS.map((e, i) => [e, i] as const))('%s', (expr, i) => {
    exprResults.set(expr, false);
    const ip = compileInterpolation(expr)!;
    const value = evaluateInterpolation(ip, EXPRESSION_DATA);
    expect(toText(value)).toBe(oracle.text.get(i));
    expect(JSON.stringify(value)).toBe(JSON.stringify(oracle.raw.get(i)));
    exprResults.set(expr, true);
  });
});

// ---- the rules the comparison found, on our DOM (runs without wcc too) -----------------------

declare const mpsim: any;

test('what the comparison with wcc decided, in the DOM: true is "true", null text is "null", class arrays joined, change: is no attribute', async () => {
  const p = tempProject('mpsim-wcc-rules', {
    'app.js': 'App({});',
    'app.json': JSON.stringify({ pages: ['pages/a/a'] }),
    'pages/a/a.js': "Page({ data: { n: null, t: true, f: false, cls: ['x', 'y'], list: [1, 2] } });",
    'pages/a/a.wxml': [
      '<wxs module="m">module.exports = { f: function () {} };</wxs>',
      '<scroll-view id="s" scroll-x hidden="{{t}}" enhanced="{{f}}" class="{{cls}}" data-n="{{n}}" data-t="{{t}}" change:x="{{m.f}}">{{n}}|{{list}}</scroll-view>',
      '<view id="v" class="{{cls}} z" title="a {{n}} {{u}}b"></view>',
    ].join('\n'),
  });
  try {
    const app = await mpsim.launch(p.dir);
    const page = app.currentPage;
    const s = page.$('#s')!;
    expect(s.getAttribute('scroll-x')).toBe('true');
    expect(s.getAttribute('hidden')).toBe('true');
    expect(s.hasAttribute('enhanced')).toBe(false);
    expect(s.getAttribute('class')).toBe('x y');
    expect(s.hasAttribute('data-n')).toBe(false);
    expect(s.getAttribute('data-t')).toBe('true');
    expect(s.hasAttribute('change:x')).toBe(false);
    expect(page.text('#s')).toBe('null|1,2');
    expect(page.$('#v')!.getAttribute('class')).toBe('x,y z');
    expect(page.$('#v')!.getAttribute('title')).toBe('a null b');
    await app.close();
  } finally {
    p.remove();
  }
});

// ---- every file compiles on its own --------------------------------------------------------

describe('every .wxml and .wxs file of both libraries compiles in our engine', () => {
  const fileRows: Array<[string, string, string]> = [];
  for (const [key, lib, files] of [
    ['vant', VANT, vantFiles],
    ['tdesign', TDESIGN, tdFiles],
  ] as const) {
    for (const f of files.wxml) fileRows.push([`${key} ${f}`, lib.dir, f]);
    for (const f of files.wxs) fileRows.push([`${key} ${f}`, lib.dir, f]);
  }

  test.each(fileRows)('%s', (title, dir, file) => {
    fileResults.set(title, false);
    // wcc compiles it too (the library compiled as a whole, as the developer tools do).
    if (haveWcc) expect(wccOf(SOURCES[title.split(' ')[0]]).fileErrors.get(file)).toBeUndefined();
    if (file.endsWith('.wxml')) {
      const loader = new TemplateLoader({
        readText: (rel) => (fs.existsSync(path.join(dir, rel)) ? fs.readFileSync(path.join(dir, rel), 'utf8') : undefined),
      });
      const tf = loader.load(file)!;
      // Parsed, imports resolved, and every {{ }} of every node compiled (throws with file:line:col).
      validateTemplate(tf);
      expect(tf.nodes.length).toBeGreaterThan(0);
      fileResults.set(title, true);
      return;
    }
    // WXS: rewritten to WXS semantics, then evaluated as a module with the wrapper's parameters,
    // `require` of other .wxs files resolved the same way.
    expect(['object', 'function']).toContain(typeof loadWxs(dir, file));
    fileResults.set(title, true);
  });
});

function loadWxs(dir: string, file: string, cache = new Map<string, { exports: unknown }>()): unknown {
  const hit = cache.get(file);
  if (hit) return hit.exports;
  const module = { exports: {} as unknown };
  cache.set(file, module);
  const compiled = compileWxs(fs.readFileSync(path.join(dir, file), 'utf8'), file);
  const req = (spec: string) => {
    const target = path.posix.join(path.posix.dirname(file), spec);
    if (!target.endsWith('.wxs')) throw new Error(`${file}: require("${spec}") is not a .wxs file`);
    return loadWxs(dir, target, cache);
  };
  new Function('module', 'exports', 'require', ...WXS_PARAMS, compiled.code)(module, module.exports, req, ...WXS_ARGS);
  return module.exports;
}

// ---- the table ------------------------------------------------------------------------------

afterAll(() => {
  const table = process.env.MPSIM_WCC_TABLE;
  if (table && haveWcc) fs.writeFileSync(table, renderTable());
});

// ---- ---------------------------------------------------------------------------

function renderTable(): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  const code = (t: string) => '`' + t.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
  const body: string[] = [];
  let equal = 0;
  let instances = 0;
  for (const r of ROWS) {
    const res = results.get(r.title);
    if (!res) {
      body.push(`| ${code(r.title)} | – | not run | |`);
      continue;
    }
    instances += res.instances;
    const known = EXCEPTIONS[r.title];
    const trees = res.failed.length
      ? res.failed.map((f) => `${f.file}: ${[...new Set(f.diffs.map((d) => d.kind))].join(', ')}`).join('; ')
      : 'equal';
    if (!res.failed.length && !res.scriptErrors.length) equal++;
    const note = [
      res.scriptErrors.length ? `script error: ${res.scriptErrors.join('; ')}` : '',
      known ? `**exception**: ${known.reason}` : '',
    ]
      .filter(Boolean)
      .join(' — ');
    body.push(`| ${code(r.title)} | ${res.instances} | ${cell(trees)} | ${cell(note)} |`);
  }
  const files = fileResults.size;
  const filesOk = [...fileResults.values()].filter(Boolean).length;
  const exprs = exprResults.size;
  const exprsOk = [...exprResults.values()].filter(Boolean).length;
  return [
    '# Differential test against wcc: the table',
    '',
    "Our page engine against WeChat's official WXML compiler (`wcc`, npm miniprogram-compiler), row by",
    'row. Generated by',
    '',
    '    MPSIM_WCC_TABLE=docs/conformance/wcc-differential.md npx jest tests/conformance/wcc-differential.test.ts',
    '',
    'How the comparison works, and what the differences mean: [docs/pages.md](../pages.md#checked-against-the-official-compiler-wcc).',
    '',
    `- **Pages and components**: ${equal} of ${ROWS.length} rows render equal to wcc with no script error; ${instances} component`,
    '  and page instances compared (each its own tree, on its own data after attach).',
    `- **Files**: ${filesOk} of ${files} \`.wxml\`/\`.wxs\` files of both libraries compile in our engine (and in wcc).`,
    `- **Expressions**: ${exprsOk} of ${exprs} templates evaluate to wcc's text and value.`,
    '',
    '| row | instances | trees (ours vs wcc) | script errors, exceptions |',
    '|---|---|---|---|',
    ...body,
    '',
  ].join('\n');
}
