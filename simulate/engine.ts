/**
 * mpsim/simulate's engine: miniprogram-simulate's API (`load`, `render`, the
 * component wrappers) on mpsim's own component runtime (runtime/page) and
 * mpsim's real `wx`.
 *
 * It runs in the jest environment's realm (loaded by jest-environment.ts, next
 * to the Simulator), so components it renders are the same kind of instance the
 * `wx` of the test file knows: `wx.createSelectorQuery().in(this)` works inside
 * them. The module the test file imports (simulate/index.ts) is a thin shell in
 * the test's module registry; it runs component scripts with the test's own
 * `require`, so jest's transforms, `jest.mock` and `jest.spyOn` on modules shared
 * with the test apply to component code, as they do under miniprogram-simulate.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document, Element } from 'happy-dom';
import type { RuntimeHost } from '../runtime/host';
import { defineComponent, makeBehavior, type Definition } from '../runtime/page/definition';
import { dispatchEvent } from '../runtime/page/events';
import {
  applyProperties,
  callUser,
  externalClassMap,
  Instance,
  renderInstance,
  stateOf,
  type InstanceState,
} from '../runtime/page/instance';
import { PagesRuntime, pagesOf } from '../runtime/page/runtime';
import { TemplateLoader, type TemplateFile } from '../runtime/page/template';
import { elementInfo, validateTemplate, type VComponent, type VElement, type WrittenAttr } from '../runtime/page/vdom';
import { createDomWindow, type DomWindow } from '../simulator/dom';
import { Project, type AppJson } from '../simulator/project';
import { classList, elementToJSON, exparserTag, rootToJSON, type JsonContext, type NodeJSON } from './json';
import { selectAll, type Scope } from './selector';

/** What the test-side module gives the engine. */
export interface SessionHooks {
  /**
   * Runs a component script with the test file's `require`, `Component` bound to
   * `register` while it runs. Returns normally when the module was already loaded
   * (then `register` is not called).
   */
  runScript(absPath: string, register: (options: unknown) => void): void;
}

/** `load()` options of miniprogram-simulate. */
export interface LoadOptions {
  rootPath?: string;
  usingComponents?: Record<string, string>;
  /** Accepted for compatibility: mpsim compiles WXML with its own compiler, styles are not applied. */
  less?: boolean;
  compiler?: string;
  compilerOptions?: Record<string, unknown>;
}

interface Entry {
  id: string;
  /** Tag name the component was registered under (its host and its JSON tag). */
  tagName: string;
  /** usingComponents: tag → component id, or a path that names no component (rendered as a plain element). */
  using: Record<string, string>;
  template?: TemplateFile;
  /** Absolute path of a component loaded from files. */
  path?: string;
  def?: Definition;
}

interface Listener {
  type: string;
  fn: (event: unknown) => unknown;
  capture: boolean;
}

const NATIVE_TOUCH = new Set(['touchstart', 'touchmove', 'touchend', 'touchcancel']);
const MOVE_DELTA = 10;
const LONGPRESS_MS = 350;

let idSeed = Date.now();
/** Ids look like miniprogram-simulate's (digits spelled with letters). */
function newId(): string {
  return String(++idSeed)
    .split('')
    .map((d) => 'abcdefghij'[Number(d)])
    .join('');
}

function isAbsolute(p: string): boolean {
  return /^(\/|\\|[a-zA-Z]:[/\\])/.test(p);
}

/** Project-relative name of an absolute file (the runtime's project is the file system root). */
function rel(abs: string): string {
  return path.resolve(abs).split(path.sep).join('/').replace(/^\/+/, '');
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The file system seen as one project rooted at `/`: component paths are absolute. */
function rootProject(inline: Map<string, string>): Project {
  const appJson: AppJson = { pages: ['__simulate__/root'] };
  const project = Object.create(Project.prototype) as Project;
  Object.assign(project, {
    dir: path.parse(process.cwd()).root,
    appJson,
    typescript: false,
    hostPath: (r: string) => path.resolve(path.parse(process.cwd()).root, r.replace(/^\/+/, '')),
    readText: (r: string) => {
      const hit = inline.get(r.replace(/^\/+/, ''));
      if (hit !== undefined) return hit;
      try {
        return fs.readFileSync(path.resolve('/', r), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return project;
}

/**
 * A PagesRuntime whose components come from `load()` instead of a project's
 * app.json: templates and usingComponents from the load registry, views updated
 * synchronously after every setData (as j-component does), components attached
 * only once their root is (`attach()`).
 */
class SimulateRuntime extends PagesRuntime {
  readonly entries = new Map<string, Entry>();
  readonly byDef = new WeakMap<Definition, Entry>();
  /** Components registered with an `id` in their definition: usable in every template. */
  readonly globalTags = new Map<string, string>();
  readonly inline = new Map<string, string>();
  readonly roots = new Set<Instance>();
  private flushing = false;
  disposed = false;

  constructor(host: RuntimeHost, global: Record<string, unknown>) {
    super(host);
    const env = pagesOf(host);
    this.global = global;
    this.vmContext = env.vmContext;
    this.project = rootProject(this.inline);
    this.window = createDomWindow('https://servicewechat.com/mpsim/0/page-frame.html');
    this.loader = new TemplateLoader(this.project);
    this.modules = this.project.createLoader(global, (global.window as unknown) ?? { wx: global.wx }, {
      vmContext: this.vmContext as never,
    });
    // The DOM exparser builds: built-ins as `wx-view`, components under their registered tag,
    // only id, class, style and data-* written to elements.
    Object.assign(this.mounter, {
      domTag: (v: VElement | VComponent) => exparserTag(v, this.jsonContext),
      domAttr: (v: VElement | VComponent, name: string, value: string) => {
        // miniprogram-simulate gives components loaded from files `classPrefix: <tag name>` (`main` when
        // none), and exparser writes `<prefix>--<class>` into its DOM (suites assert
        // `dom.classList` contains `t-steps--t-steps--horizontal`). mpsim writes both the names as
        // written and the prefixed ones: selector queries (wx.createSelectorQuery, this.selectComponent,
        // `querySelector`) match the template's names, `dom.classList` has exparser's too.
        if (name === 'class') {
          const raw = v.written?.find((w) => w.name === 'class')?.value;
          const names = Array.isArray(raw) ? classList(raw) : value.split(/\s+/).filter(Boolean);
          return [...new Set([...names, ...this.prefixedClasses(v, raw)])].join(' ');
        }
        // exparser's style setter turns rpx into px (`16rpx` → `16px`), as j-component's transformRpx.
        if (name === 'style') return value.replace(/(\d+)rpx/g, '$1px');
        return name === 'id' || name.startsWith('data-') ? value : undefined;
      },
    });
    // wx.createSelectorQuery() / createIntersectionObserver of the test's wx answer for our roots.
    env.standalone = this;
    host.device.onDispose(() => {
      this.disposed = true;
      if (env.standalone === this) env.standalone = undefined;
    });
  }

  /** exparser's class prefix of the component whose template `st` is: its tag for a file-loaded one, none inline. */
  private classPrefix(st: InstanceState | undefined): string | undefined {
    const entry = st ? this.byDef.get(st.def) : undefined;
    return entry?.path ? entry.tagName || 'main' : undefined;
  }

  /**
   * The class names exparser writes for an element of `v.owner`'s template: its own names under the
   * owner's prefix; an external class (`custom-class`) as the names the host passed, under the prefix
   * of the template that passed them.
   */
  private prefixedClasses(v: VElement | VComponent, raw: unknown): string[] {
    const st = v.owner as unknown as InstanceState;
    const prefix = this.classPrefix(st);
    const out: string[] = [];
    if (raw === undefined || raw === null) return out;
    const external = externalClassMap(st);
    const hostPrefix = st.owner ? this.classPrefix(stateOf(st.owner)) : undefined;
    for (const name of classList(raw)) {
      const mapped = external?.get(name);
      if (mapped !== undefined) {
        if (hostPrefix) for (const m of mapped.split(/\s+/)) if (m) out.push(`${hostPrefix}--${m}`);
      } else if (prefix) out.push(`${prefix}--${name}`);
    }
    return out;
  }

  readonly jsonContext: JsonContext = {
    tagNameOf: (def) => {
      const e = this.byDef.get(def);
      return e ? e.tagName || undefined : undefined;
    },
  };

  override get launched(): boolean {
    return !this.disposed;
  }

  /** The last root attached (selector queries without `.in()`). */
  override pageRoot(): Element | undefined {
    let last: Element | undefined;
    for (const r of this.roots) if (stateOf(r).attached && !stateOf(r).detached) last = stateOf(r).root;
    return last;
  }

  override resolveUsing(def: Definition, tag: string): Definition | undefined {
    const entry = this.byDef.get(def);
    const ref = entry?.using[tag] ?? this.globalTags.get(tag);
    return ref ? this.entries.get(ref)?.def : undefined;
  }

  override templateOf(def: Definition): TemplateFile | undefined {
    return this.byDef.get(def)?.template;
  }

  /** Runs `fn` with view updates held until it returns (then flushed). */
  hold<T>(fn: () => T): T {
    const was = this.flushing;
    this.flushing = true;
    try {
      return fn();
    } finally {
      this.flushing = was;
      if (!was) this.flush();
    }
  }

  override flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      super.flush();
    } finally {
      this.flushing = false;
    }
  }

  override markDirty(inst: Instance, cb?: () => void): void {
    super.markDirty(inst, cb);
    this.flush();
  }

  /** Components of a root that is not attached yet wait for `attach()`. */
  protected override runAttachQueue(): void {
    const q = this.attachQueue;
    const held: Instance[] = [];
    for (let i = 0; i < q.length;) {
      const page = stateOf(q[i]).page;
      if (page && !stateOf(page).attached) held.push(...q.splice(i, 1));
      else i++;
    }
    super.runAttachQueue();
    q.push(...held);
  }

  detachRoot(inst: Instance): void {
    this.detach(inst);
  }

  /** Listeners added with `addEventListener`, by element. */
  readonly listeners = new WeakMap<Element, Listener[]>();

  override dispatchComponentEvent(inst: Instance, name: string, detail: unknown, options: Record<string, unknown>): void {
    super.dispatchComponentEvent(inst, name, detail, options);
    const st = stateOf(inst);
    const path: Element[] = [st.root];
    if (options.bubbles) for (let p = st.root.parentElement; p; p = p.parentElement) path.push(p as unknown as Element);
    this.deliver(path, name, detail, st.root);
  }

  /** Calls listeners added from the test (`addEventListener`) along `path`. */
  deliver(path: Element[], type: string, detail: unknown, target: Element): void {
    const describe = (el: Element) => ({
      id: el.getAttribute('id') ?? '',
      dataset: { ...((elementInfo.get(el)?.dataset as object) ?? {}) },
    });
    for (const el of path) {
      const list = this.listeners.get(el);
      if (!list) continue;
      for (const l of [...list]) {
        if (l.type !== type) continue;
        const event = { type, timeStamp: 0, target: describe(target), currentTarget: describe(el), detail, mark: {} };
        callUser(this, undefined, l.fn, [event], `at listener of "${type}"`);
      }
    }
  }

  get doc(): Document {
    return this.document;
  }

  get win(): DomWindow {
    return this.window!;
  }
}

/** The public API object of mpsim/simulate. */
export interface SimulateApi {
  behavior(definition: unknown): unknown;
  load(pathOrDefinition: unknown, tagName?: unknown, options?: unknown): string;
  render(id: unknown, properties?: unknown): RootComponent | undefined;
  match(dom: unknown, html: unknown): boolean;
  sleep(ms?: number): Promise<void>;
  scroll(component: unknown, destOffset?: number, times?: number, propName?: string): void;
  /** The happy-dom document components render into (installed as the global `document` when there is none). */
  readonly document: Document;
  /** `getComputedStyle` of that document's window (tests written for jsdom call `window.getComputedStyle`). */
  getComputedStyle(el: unknown): unknown;
}

class Session {
  readonly rt: SimulateRuntime;
  /** Component options captured per script, for a script jest had already loaded. */
  private readonly lastOptions = new Map<string, unknown>();
  readonly given = new WeakMap<Instance, WrittenAttr[]>();

  constructor(
    host: RuntimeHost,
    readonly global: Record<string, unknown>,
    private readonly hooks: SessionHooks,
  ) {
    this.rt = new SimulateRuntime(host, global);
    // Tests written for jsdom measure what they rendered with `window.getComputedStyle`.
    const win = global.window as Record<string, unknown> | undefined;
    if (win && typeof win === 'object' && win.getComputedStyle === undefined)
      Object.defineProperty(win, 'getComputedStyle', {
        value: (el: unknown) => this.rt.win.getComputedStyle(el as never),
        configurable: true,
        writable: true,
      });
  }

  get json(): JsonContext {
    return this.rt.jsonContext;
  }

  // ---------------------------------------------------------------- load

  loadDefinition(raw: Record<string, unknown>): string {
    const id = typeof raw.id === 'string' && raw.id ? raw.id : newId();
    const file = `__simulate__/${id}-${newId()}.wxml`;
    this.rt.inline.set(file, typeof raw.template === 'string' ? raw.template : '');
    const template = this.rt.loader.load(file);
    if (template) validateTemplate(template);
    const using: Record<string, string> = {};
    const rawUsing = raw.usingComponents;
    if (rawUsing && typeof rawUsing === 'object')
      for (const [k, v] of Object.entries(rawUsing as Record<string, unknown>)) if (typeof v === 'string') using[k] = v;
    const def = defineComponent(file.replace(/\.wxml$/, ''), raw, false);
    const entry: Entry = { id, tagName: typeof raw.tagName === 'string' ? raw.tagName : '', using, template, def };
    this.rt.entries.set(id, entry);
    this.rt.byDef.set(def, entry);
    if (typeof raw.id === 'string' && raw.id) this.rt.globalTags.set(raw.id, id);
    return id;
  }

  loadPath(componentPath: string, tagName: string, options: LoadOptions): string {
    const rootPath = typeof options.rootPath === 'string' ? options.rootPath : path.dirname(componentPath);
    const registered = new Map<string, string>();
    const toRun: Entry[] = [];
    const register = (p: string, tag: string): string => {
      const hit = registered.get(p);
      if (hit) return hit;
      const json = readJson(`${p}.json`);
      if (!json) throw new Error(`invalid componentPath: ${p}`);
      const id = newId();
      registered.set(p, id);
      const using: Record<string, string> = {};
      const declared = { ...((json.usingComponents as Record<string, unknown>) ?? {}), ...(options.usingComponents ?? {}) };
      for (const [key, value] of Object.entries(declared)) {
        if (typeof value !== 'string') continue;
        if (this.rt.entries.has(value)) {
          using[key] = value;
          continue;
        }
        const target = isAbsolute(value) ? path.join(rootPath, value) : path.join(path.dirname(p), value);
        // As miniprogram-simulate: only a path with a .json next to it is a component.
        if (fs.existsSync(`${target}.json`)) using[key] = register(target, key);
        else using[key] = value;
      }
      const template = this.rt.loader.load(`${rel(p)}.wxml`);
      if (template) validateTemplate(template);
      const entry: Entry = { id, tagName: tag, using, template, path: p };
      this.rt.entries.set(id, entry);
      toRun.push(entry);
      return id;
    };
    const id = register(componentPath, tagName);
    for (const entry of toRun) this.runComponent(entry);
    return id;
  }

  private runComponent(entry: Entry): void {
    const file = entry.path!;
    let captured: unknown;
    let called = false;
    this.hooks.runScript(file, (options) => {
      if (called) throw new Error(`Component() called twice in ${file}`);
      called = true;
      captured = options;
    });
    if (!called) {
      if (!this.lastOptions.has(file))
        throw new Error(`${file}: the script did not call Component() (was it required before, outside simulate.load?)`);
      captured = this.lastOptions.get(file);
    }
    this.lastOptions.set(file, captured);
    const def = defineComponent(rel(file), captured, false);
    entry.def = def;
    this.rt.byDef.set(def, entry);
  }

  // ---------------------------------------------------------------- render

  render(id: unknown, properties?: unknown): RootComponent | undefined {
    if (!id) throw new Error('you need to pass the componentId');
    const entry = this.rt.entries.get(String(id));
    if (!entry?.def) return undefined;
    const rt = this.rt;
    const host = rt.doc.createElement(entry.tagName || 'main') as unknown as Element;
    const inst = new Instance(entry.def, rt, host, undefined, undefined);
    rt.roots.add(inst);
    const given: WrittenAttr[] =
      properties && typeof properties === 'object'
        ? Object.entries(properties as Record<string, unknown>).map(([name, value]) => ({ name, value }))
        : [];
    this.given.set(inst, given);
    rt.hold(() => {
      rt.callLife(inst, 'created');
      renderInstance(inst, rt.mounter);
      if (given.length && applyProperties(inst, Object.fromEntries(given.map((g) => [g.name, g.value])))) rt.markDirty(inst);
    });
    return new RootComponent(this, host, inst);
  }

  /** A wrapper for a rendered element: a component's host gets its instance. */
  wrap(el: Element): SimComponent {
    const info = elementInfo.get(el) as VComponent | undefined;
    const inst = info?.k === 'comp' && info.instance instanceof Instance ? info.instance : undefined;
    return new SimComponent(this, el, inst);
  }

  scopeOf(inst: Instance): Scope {
    const st = stateOf(inst);
    return { root: st.root, owner: st };
  }

  /** The root host an element is rendered under (dispatch never leaves it). */
  rootHostOf(el: Element): Element {
    let top = el;
    for (let p = el.parentElement; p; p = p.parentElement) {
      top = p as unknown as Element;
      for (const r of this.rt.roots) if (stateOf(r).root === top) return top;
    }
    return top;
  }

  private touchState = new WeakMap<Element, { target: Element; x: number; y: number; cancel: boolean; timer?: unknown }>();

  /** miniprogram-simulate's `dispatchEvent`: a WeChat event at `el` (bubbling, composed, with capture); touches make taps. */
  dispatch(el: Element, name: string, options: Record<string, unknown>): void {
    const rt = this.rt;
    if (rt.disposed) return;
    const root = this.rootHostOf(el);
    const fire = (target: Element, type: string, detail: unknown, extra: Record<string, unknown>) => {
      dispatchEvent(rt, target, type, detail, { bubbles: true, composed: true, capturePhase: true, root, timeStamp: 0, extra });
      const path: Element[] = [];
      for (let p: Element | null = target; p; p = p.parentElement as unknown as Element | null) {
        path.push(p);
        if (p === root) break;
      }
      rt.deliver(path, type, detail, target);
      rt.flush();
    };
    if (!NATIVE_TOUCH.has(name)) {
      fire(el, name, options.detail ?? {}, { touches: options.touches ?? {}, changedTouches: options.changedTouches ?? {} });
      return;
    }
    const start = name === 'touchstart' || name === 'touchmove';
    const touch = (t: unknown, i: number) => {
      const o = (t && typeof t === 'object' ? t : {}) as Record<string, unknown>;
      const x = typeof o.x === 'number' ? o.x : 0;
      const y = typeof o.y === 'number' ? o.y : 0;
      return { identifier: i, clientX: x, clientY: y, pageX: x, pageY: y, force: 0 };
    };
    const list = (v: unknown, dflt: unknown[]) => (Array.isArray(v) ? v : dflt).map(touch);
    const touches = list(options.touches, start ? [{ x: 0, y: 0 }] : []);
    const changedTouches = list(options.changedTouches, [{ x: 0, y: 0 }]);
    fire(el, name, {}, { touches, changedTouches });
    const st = this.touchState.get(root);
    const clear = (s: { timer?: unknown } | undefined) => {
      if (s?.timer !== undefined) (this.global.clearTimeout as (t: unknown) => void)(s.timer);
    };
    if (name === 'touchstart') {
      if (st || touches.length !== 1) return;
      const s = { target: el, x: touches[0].pageX, y: touches[0].pageY, cancel: false, timer: undefined as unknown };
      s.timer = (this.global.setTimeout as (f: () => void, ms: number) => unknown)(() => {
        s.cancel = true;
        s.timer = undefined;
        fire(s.target, 'longpress', { x: s.x, y: s.y }, { touches, changedTouches });
      }, LONGPRESS_MS);
      this.touchState.set(root, s);
    } else if (name === 'touchmove') {
      if (
        st &&
        touches.length === 1 &&
        (Math.abs(touches[0].pageX - st.x) >= MOVE_DELTA || Math.abs(touches[0].pageY - st.y) >= MOVE_DELTA)
      ) {
        clear(st);
        st.cancel = true;
      }
    } else {
      if (!st) return;
      clear(st);
      this.touchState.delete(root);
      if (name === 'touchend' && touches.length === 0 && !st.cancel)
        fire(st.target, 'tap', { x: changedTouches[0].pageX, y: changedTouches[0].pageY }, { touches, changedTouches });
    }
  }

  // ---------------------------------------------------------------- API

  readonly api: SimulateApi = (() => {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the API object's methods are called detached
    const session = this;
    return {
      behavior(definition: unknown): unknown {
        if (!definition || typeof definition !== 'object') throw new Error('definition must be a object');
        return makeBehavior(definition);
      },
      load(componentPath: unknown, tagName?: unknown, options?: unknown): string {
        let opts = options;
        let tag = tagName;
        if (tag && typeof tag === 'object') {
          opts = tag;
          tag = '';
        }
        const o = (opts && typeof opts === 'object' ? opts : {}) as LoadOptions;
        if (componentPath && typeof componentPath === 'object') return session.loadDefinition(componentPath as Record<string, unknown>);
        if (typeof componentPath !== 'string') throw new Error('componentPath must be a string');
        return session.loadPath(path.resolve(componentPath), typeof tag === 'string' && tag ? tag : 'main', o);
      },
      render(id: unknown, properties?: unknown): RootComponent | undefined {
        return session.render(id, properties);
      },
      match(dom: unknown, html: unknown): boolean {
        return match(dom, html);
      },
      sleep(ms = 0): Promise<void> {
        const setTimeout = session.global.setTimeout as (f: () => void, ms: number) => unknown;
        return new Promise((resolve) => setTimeout(() => resolve(), ms));
      },
      scroll(component: unknown, destOffset = 0, times = 20, propName = 'scrollTop'): void {
        const dom = (component as { dom?: unknown } | null)?.dom as Record<string, unknown> | undefined;
        if (!dom) throw new Error('invalid params');
        const steps = typeof times === 'number' && times > 0 ? Math.floor(times) : 1;
        const dest = destOffset < 0 ? 0 : destOffset;
        const unit = Math.trunc((dest - (Number(dom[propName]) || 0)) / steps);
        const setTimeout = session.global.setTimeout as (f: () => void, ms: number) => unknown;
        for (let i = 0; i < steps; i++) {
          setTimeout(() => {
            const next = i === steps - 1 ? dest : (Number(dom[propName]) || 0) + unit;
            try {
              dom[propName] = next;
            } catch {
              // a read-only property: the event still fires
            }
            session.dispatch(dom as unknown as Element, 'scroll', {});
          }, 0);
        }
      },
      get document(): Document {
        return session.rt.doc;
      },
      getComputedStyle(el: unknown): unknown {
        return session.rt.win.getComputedStyle(el as never);
      },
    };
  })();
}

/** `simulate.match(dom, html)`: whether `dom`'s children are the markup `html` (whitespace between tags ignored). */
function match(dom: unknown, html: unknown): boolean {
  const el = dom as Element | null;
  if (!el || typeof el !== 'object' || typeof (el as { cloneNode?: unknown }).cloneNode !== 'function' || el.nodeType !== 1) return false;
  if (!html || typeof html !== 'string') return false;
  const trimmed = html.trim().replace(/(>)[\n\r\s\t]+(<)/g, '$1$2');
  const a = el.cloneNode(false) as Element;
  const b = el.cloneNode(false) as Element;
  a.innerHTML = el.innerHTML;
  b.innerHTML = trimmed;
  return a.isEqualNode(b);
}

/** A node of a rendered tree, as miniprogram-simulate's `querySelector` returns it. */
export class SimComponent {
  constructor(
    protected readonly session: Session,
    protected readonly el: Element,
    protected readonly inst: Instance | undefined,
  ) {}

  /** The DOM element (a component's host element). */
  get dom(): Element {
    return this.el;
  }

  /** The component's `this` (undefined for a built-in element). */
  get instance(): Instance | undefined {
    return this.inst;
  }

  /** The component's data (undefined for a built-in element). */
  get data(): Record<string, unknown> | undefined {
    return this.inst?.data;
  }

  /** First node of this component's template matching `selector` (`>>>` enters child components). */
  querySelector(selector: string): SimComponent | undefined {
    if (!this.inst) return undefined;
    const [el] = selectAll(this.session.scopeOf(this.inst), selector, true);
    return el ? this.session.wrap(el) : undefined;
  }

  /** Every node of this component's template matching `selector`. */
  querySelectorAll(selector: string): SimComponent[] {
    const out = new (this.session.rt.host.realm.Array as ArrayConstructor)() as SimComponent[];
    if (!this.inst) return out;
    for (const el of selectAll(this.session.scopeOf(this.inst), selector)) out.push(this.session.wrap(el));
    return out;
  }

  /** The component's setData; `callback` runs in a microtask after the view was updated. */
  setData(data: unknown, callback?: unknown): void {
    if (!this.inst) return;
    this.inst.setData(data);
    if (typeof callback === 'function') Promise.resolve().then(callback as () => void, () => undefined);
  }

  /** Fires an event at this node in a microtask, as a user's action would (touch events also make tap/longpress). */
  dispatchEvent(eventName: string, options: Record<string, unknown> = {}): void {
    const opts = options && typeof options === 'object' ? options : {};
    Promise.resolve()
      .then(() => this.session.dispatch(this.el, String(eventName), opts))
      .catch((err: unknown) => this.session.rt.host.reportScriptError(err, `at dispatchEvent "${eventName}"`));
  }

  addEventListener(eventName: string, handler: unknown, capture: unknown = false): void {
    if (typeof handler !== 'function') return;
    const list = this.session.rt.listeners.get(this.el) ?? [];
    const useCapture = typeof capture === 'object' && capture ? !!(capture as { capture?: unknown }).capture : !!capture;
    list.push({ type: String(eventName), fn: handler as Listener['fn'], capture: useCapture });
    this.session.rt.listeners.set(this.el, list);
  }

  removeEventListener(eventName: string, handler: unknown, capture: unknown = false): void {
    const list = this.session.rt.listeners.get(this.el);
    if (!list) return;
    const useCapture = typeof capture === 'object' && capture ? !!(capture as { capture?: unknown }).capture : !!capture;
    const i = list.findIndex((l) => l.type === String(eventName) && l.fn === handler && l.capture === useCapture);
    if (i >= 0) list.splice(i, 1);
  }

  /** Calls the component's lifetime functions `lifeTime` (`created`, `attached`, `moved`, ...) with `args`. */
  triggerLifeTime(lifeTime: string, ...args: unknown[]): void {
    if (!this.inst) return;
    const rt = this.session.rt;
    rt.hold(() => rt.callLife(this.inst!, String(lifeTime), args));
  }

  /** Calls the component's `pageLifetimes[lifeTime]` functions with `args`. */
  triggerPageLifeTime(lifeTime: string, ...args: unknown[]): void {
    const inst = this.inst;
    if (!inst) return;
    const rt = this.session.rt;
    const fns = stateOf(inst).def.pageLifetimes[String(lifeTime)] ?? [];
    rt.hold(() => {
      for (const fn of fns) callUser(rt, inst, fn, args, `at Component "${inst.is}" pageLifetimes ${lifeTime} function`);
    });
  }

  /** The tree below this node in j-component's JSON shape (for snapshots). */
  toJSON(): NodeJSON {
    return elementToJSON(this.el, this.session.json);
  }
}

/** What `render()` returns: the root component, which can be attached to and detached from a DOM parent. */
export class RootComponent extends SimComponent {
  private parent?: Element;

  override toJSON(): NodeJSON {
    const inst = this.inst!;
    const entry = this.session.rt.byDef.get(stateOf(inst).def);
    return rootToJSON(this.el, entry?.tagName || 'main', this.session.given.get(inst) ?? [], stateOf(inst).def, this.session.json);
  }

  /** Appends the root to `parent` and runs attached (root first, then its components) and ready (components, then root). */
  attach(parent: unknown): void {
    const p = parent as Element | null;
    if (!p || typeof (p as { appendChild?: unknown }).appendChild !== 'function') throw new Error('attach: parent must be a DOM element');
    const rt = this.session.rt;
    const inst = this.inst!;
    const st = stateOf(inst);
    try {
      p.appendChild(this.el as never);
    } catch {
      // a parent from another document (jsdom's, a test's own): the tree stays in ours
    }
    this.parent = p;
    if (st.attached || st.detached) return;
    rt.hold(() => {
      st.attached = true;
      rt.callLife(inst, 'attached');
    });
    rt.flush();
    const ready = (i: Instance) => {
      for (const c of stateOf(i).children) ready(c);
      const s = stateOf(i);
      if (s.attached && !s.readied && !s.detached) {
        s.readied = true;
        rt.hold(() => rt.callLife(i, 'ready'));
      }
    };
    ready(inst);
  }

  /** Removes the root from its parent; detached runs on every component. */
  detach(): void {
    if (!this.parent) return;
    try {
      this.parent.removeChild(this.el as never);
    } catch {
      // already moved by the test
    }
    this.parent = undefined;
    const rt = this.session.rt;
    rt.hold(() => rt.detachRoot(this.inst!));
    rt.roots.delete(this.inst!);
  }
}

/**
 * Creates the simulate API for one test file (called by the jest environment). The
 * session starts on first use: the module may be imported from `setupFiles`, which jest
 * runs before the environment's Simulator exists.
 */
export function createSimulate(getHost: () => RuntimeHost, global: Record<string, unknown>, hooks: SessionHooks): SimulateApi {
  let session: Session | undefined;
  const s = (): SimulateApi => (session ??= new Session(getHost(), global, hooks)).api;
  return {
    behavior: (definition) => s().behavior(definition),
    load: (p, tagName, options) => s().load(p, tagName, options),
    render: (id, properties) => s().render(id, properties),
    match: (dom, html) => match(dom, html),
    sleep: (ms) => s().sleep(ms),
    scroll: (component, destOffset, times, propName) => s().scroll(component, destOffset, times, propName),
    get document(): Document {
      return s().document;
    },
    getComputedStyle: (el) => s().getComputedStyle(el),
  };
}
