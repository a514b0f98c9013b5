/**
 * PagesRuntime: one launched mini-program — App(), the page stack, page and
 * component registration, rendering into a happy-dom document, navigation with
 * the client's lifecycle order (wx-api-semantics §8.6/§8.7) and the recorded
 * interaction UI (toasts, modals, loading).
 *
 * Lifecycle order when a page opens (as the client does, Page() or Component()):
 *   components created → attached (first render of the initial data)
 *   → page onLoad(query) → onShow (+ components' pageLifetimes.show)
 *   → view update → components ready → page onReady.
 */
import type { Document, Element } from 'happy-dom';
import { createDomWindow, type DomWindow } from '../../simulator/dom';
import type { AppJson, ModuleLoader, Project } from '../../simulator/project';
import type { RuntimeHost } from '../host';
import { definePage, defineComponent, isPageHook, makeBehavior, type Definition } from './definition';
import { dispatchComponentEvent } from './events';
import {
  applyProperties,
  callUser,
  externalClassesChanged,
  Instance,
  renderInstance,
  stateOf,
  type AnimationRecord,
  type World,
} from './instance';
import { dirOf, joinRel, TemplateLoader, type TemplateFile } from './template';
import { adoptSlot, camelCase, holderHost, validateTemplate, type ComponentMounter, type VComponent } from './vdom';
import { registerWxsExports } from './expression';
import { WxmlSyntaxError } from './wxml-parser';
import { SET_DATA_LIMIT } from './data-path';
import type { Rect } from './selector-query';
import { elementInfo } from './vdom';
import type { RelationDef } from './definition';

/** Whether `other` is what relation `rel` points at: its path, or a component with its target behavior. */
function relates(rel: RelationDef, other: Instance): boolean {
  const def = stateOf(other).def;
  if (rel.target) return def.behaviors.includes(rel.target);
  return def.path === rel.path || def.path === `${rel.path}/index`;
}

/** Built-in component tags (never looked up in usingComponents). */
const BUILTINS = new Set(
  'view text button image input textarea scroll-view swiper swiper-item progress icon navigator form checkbox checkbox-group radio radio-group switch picker picker-view slider label rich-text movable-area movable-view cover-view cover-image video camera map canvas web-view block template slot import include wxs page'.split(
    ' ',
  ),
);

/** What wx.showToast recorded. */
export interface ToastRecord {
  kind: 'toast' | 'loading';
  title: string;
  icon: string;
  image?: string;
  duration: number;
  mask: boolean;
  /** Page route shown on (undefined before the first page). */
  page?: string;
  /** Still on screen (until hideToast/hideLoading, the next toast, or its duration ran out). */
  visible: boolean;
}

/** What wx.showModal recorded; `answer` is what the scripted user tapped. */
export interface ModalRecord {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  confirmText: string;
  editable: boolean;
  placeholderText: string;
  page?: string;
  /** undefined while the modal is still open. */
  answer?: { confirm: boolean; cancel: boolean; content?: string };
}

/** How the scripted user answers a modal. */
export interface ModalAnswer {
  confirm?: boolean;
  cancel?: boolean;
  /** Text typed into an editable modal. */
  content?: string;
}

export interface LaunchOptions {
  /** Page to open first (default: app.json entryPagePath or pages[0]); may carry `?query`. */
  path?: string;
  /** Launch query (merged with the path's query). */
  query?: Record<string, string>;
  /** Scene value passed to onLaunch/onShow (default 1001). */
  scene?: number;
}

type NavKind = 'appLaunch' | 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch';

/** A navigation that the client refuses: the reason goes after `<api>:fail `. */
export class NavigationError extends Error {}

/** An EventChannel between a page and its opener (navigateTo `events`). */
export class EventChannel {
  private readonly listeners = new Map<string, Array<{ fn: (...a: unknown[]) => unknown; once: boolean }>>();
  private peer?: EventChannel;

  static pair(): [EventChannel, EventChannel] {
    const a = new EventChannel();
    const b = new EventChannel();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  on(name: string, fn: unknown): void {
    if (typeof fn !== 'function') return;
    const list = this.listeners.get(name) ?? [];
    list.push({ fn: fn as (...a: unknown[]) => unknown, once: false });
    this.listeners.set(name, list);
  }
  once(name: string, fn: unknown): void {
    if (typeof fn !== 'function') return;
    const list = this.listeners.get(name) ?? [];
    list.push({ fn: fn as (...a: unknown[]) => unknown, once: true });
    this.listeners.set(name, list);
  }
  off(name: string, fn?: unknown): void {
    if (fn === undefined) this.listeners.delete(name);
    else
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((l) => l.fn !== fn),
      );
  }
  /** Delivers to the listeners of the other side. */
  emit(name: string, ...args: unknown[]): void {
    const target = this.peer;
    if (!target) return;
    const list = target.listeners.get(name) ?? [];
    target.listeners.set(
      name,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.fn(...args);
  }
}

let pageCounter = 0;

export class PagesRuntime implements World {
  /** The global object project code runs against (set by the Simulator). */
  global: Record<string, unknown> = globalThis as unknown as Record<string, unknown>;
  /** The vm context `global` belongs to, when known (jest's): project files compile there with exact positions. */
  vmContext?: object;
  project?: Project;
  protected window?: DomWindow;
  protected modules?: ModuleLoader;
  loader!: TemplateLoader;
  appInstance?: Record<string, unknown>;
  private registering?: { kind: 'app' | 'page' | 'component'; path: string; def?: Definition };
  private readonly definitions = new Map<string, Definition>();
  private readonly usingCache = new Map<Definition, Map<string, Definition | undefined>>();
  private readonly templates = new Map<Definition, TemplateFile | undefined>();
  readonly stack: Instance[] = [];
  private readonly tabInstances = new Map<string, Instance>();
  private readonly dirty = new Set<Instance>();
  private callbacks: Array<() => void> = [];
  private flushScheduled = false;
  protected readonly attachQueue: Instance[] = [];
  private readonly pageStart = new WeakMap<Instance, number>();
  private readonly pageIds = new WeakMap<Instance, number>();
  /** Navigation bar state per page (title from page json / app.json window, then setNavigationBarTitle). */
  readonly navBars = new WeakMap<Instance, { title: string; loading: boolean; frontColor?: string; backgroundColor?: string }>();
  /** wx.pageScrollTo calls, in order. */
  readonly scrolls: Array<{ page?: string; scrollTop?: number; selector?: string; duration: number }> = [];
  readonly toasts: ToastRecord[] = [];
  readonly modals: ModalRecord[] = [];
  private readonly modalAnswers: ModalAnswer[] = [];
  private readonly openModals: Array<{ record: ModalRecord; resolve: (a: ModalAnswer) => void }> = [];
  readonly actionSheets: Array<{ itemList: string[]; tapIndex?: number; cancelled?: boolean }> = [];
  private readonly actionSheetAnswers: Array<number | 'cancel'> = [];
  /** Navigation log: `{ kind, route, query }` for every successful transition. */
  readonly routes: Array<{ kind: NavKind; route: string; query: Record<string, string> }> = [];
  readonly setDataLimit: { bytes: number; mode: 'throw' | 'warn' } = { bytes: SET_DATA_LIMIT, mode: 'throw' };
  private closed = false;
  /** Rects tests set for selectors (selector queries and intersection observers; later entries win). */
  readonly rectOverrides: Array<{ selector: string; rect: Partial<Rect> }> = [];

  /**
   * Components rendered outside the page stack (mpsim/simulate's `render()`): while they
   * live, `wx.createSelectorQuery()` and intersection observers answer without a launched app.
   */
  standalone?: { readonly alive: boolean; pageRoot(): Element | undefined };

  /** The current page's root element (selector queries without `.in()`). */
  pageRoot(): Element | undefined {
    const top = this.currentPage;
    return top ? stateOf(top).root : this.standalone?.pageRoot();
  }

  /** Whether the app is open (selector-query answers are dropped after it closes). */
  get alive(): boolean {
    return this.launched || !!this.standalone?.alive;
  }

  constructor(readonly host: RuntimeHost) {
    // The phone is switched off: no page lifecycles run (the app process is gone).
    host.device.onDispose(() => this.close(false));
  }

  get document(): Document {
    if (!this.window) throw new Error('no mini-program launched: call mpsim.launch(projectDir) first');
    return this.window.document as unknown as Document;
  }

  get launched(): boolean {
    return !!this.project && !this.closed;
  }

  // ------------------------------------------------------------ globals

  /** `App({...})`. */
  App = (options?: unknown): void => {
    if (this.registering?.kind !== 'app') throw new this.host.realm.Error('App() can only be called in app.js');
    if (this.appInstance) throw new this.host.realm.Error('App() can only be called once');
    const app = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
    this.appInstance = app;
    if (typeof app.onError === 'function') this.host.appErrorHandler = (msg) => (app.onError as (m: string) => void).call(app, msg);
    if (typeof app.onUnhandledRejection === 'function')
      this.host.appRejectionHandler = (res) => (app.onUnhandledRejection as (r: unknown) => void).call(app, res);
  };

  /** `getApp({ allowDefault })`. */
  getApp = (opts?: { allowDefault?: boolean }): unknown => {
    if (this.appInstance) return this.appInstance;
    if (opts && opts.allowDefault) return (this.appInstance = {});
    return undefined;
  };

  /** `Page({...})`: only while a page file is being loaded. */
  Page = (options?: unknown): void => {
    const reg = this.registering;
    if (!reg || reg.kind !== 'page')
      throw new this.host.realm.Error(`Page() can only be called while a page file is loaded (in ${reg ? reg.path : 'no page'})`);
    if (reg.def) throw new this.host.realm.Error(`Page() called twice in ${reg.path}`);
    reg.def = definePage(reg.path, options);
  };

  /** `Component({...})`: in a component file, or in a page file to build the page. */
  Component = (options?: unknown): void => {
    const reg = this.registering;
    if (!reg || reg.kind === 'app')
      throw new this.host.realm.Error('Component() can only be called while a page or component file is loaded');
    if (reg.def) throw new this.host.realm.Error(`Component() called twice in ${reg.path}`);
    reg.def = defineComponent(reg.path, options, reg.kind === 'page');
  };

  /** `Behavior({...})`. */
  Behavior = (options?: unknown): unknown => makeBehavior(options);

  /** `getCurrentPages()`: index 0 is the first page, the last is the current one. */
  getCurrentPages = (): unknown[] => {
    const out = new this.host.realm.Array() as unknown[];
    out.push(...this.stack);
    return out;
  };

  // ------------------------------------------------------------ launching

  /** Loads the project, runs app.js (App onLaunch/onShow) and opens the first page. */
  async launch(project: Project, options: LaunchOptions = {}): Promise<Instance> {
    if (this.project) await this.close();
    this.reset();
    this.closed = false;
    this.project = project;
    this.window = createDomWindow('https://servicewechat.com/mpsim/0/page-frame.html');
    this.loader = new TemplateLoader(project);
    const layout = this.host.device.paths.layout;
    // Code-package paths (`/images/a.png`) resolve inside the launched project.
    if (!layout.package) layout.package = project.dir;
    const app = project.appJson;
    if (app.networkTimeout)
      this.host.appConfig = { ...this.host.appConfig, networkTimeout: { ...this.host.appConfig.networkTimeout, ...app.networkTimeout } };
    const win = (this.global.window as unknown) ?? { wx: this.global.wx };
    this.modules = project.createLoader(this.global, win, { vmContext: this.vmContext });
    this.registering = { kind: 'app', path: 'app' };
    try {
      const appScript = project.scriptOf('app');
      if (appScript) this.modules.require(appScript);
    } finally {
      this.registering = undefined;
    }
    const entry = options.path ?? app.entryPagePath ?? app.pages[0];
    const { route, query } = this.parseUrl(entry, '');
    Object.assign(query, options.query ?? {});
    const found = project.pageRoutes.includes(route);
    const appHasNotFound = typeof this.appInstance?.onPageNotFound === 'function';
    if (!found && !appHasNotFound) throw new NavigationError(`page "${route}" is not found`);
    const launchOptions = {
      path: route,
      query,
      scene: options.scene ?? 1001,
      referrerInfo: {},
      forwardMaterials: [],
      apiCategory: 'default',
    };
    const appInst = this.appInstance;
    if (appInst) {
      callUser(this, appInst, appInst.onLaunch, [launchOptions], 'at App lifeCycleMethod onLaunch function');
      callUser(this, appInst, appInst.onShow, [launchOptions], 'at App lifeCycleMethod onShow function');
    }
    if (!found) {
      // App.onPageNotFound: called once for a missing entry page; it usually redirects
      // (wx.redirectTo / reLaunch). If it opens nothing, the client shows its own
      // not-found page — here that is an error naming the route.
      callUser(
        this,
        appInst,
        appInst!.onPageNotFound,
        [{ path: route, query, isEntryPage: true }],
        'at App lifeCycleMethod onPageNotFound function',
      );
      await this.host.idle();
      const top = this.currentPage;
      if (!top) throw new NavigationError(`page "${route}" is not found`);
      return top;
    }
    return this.openPage(route, query, 'appLaunch');
  }

  /** Forgets the previous launch: a new launch is a fresh app (App(), definitions, records). */
  private reset(): void {
    this.appInstance = undefined;
    this.host.appErrorHandler = undefined;
    this.host.appRejectionHandler = undefined;
    this.definitions.clear();
    this.usingCache.clear();
    this.templates.clear();
    this.wxsCache.clear();
    this.dirty.clear();
    this.callbacks = [];
    this.attachQueue.length = 0;
    for (const list of [
      this.toasts,
      this.modals,
      this.modalAnswers,
      this.actionSheets,
      this.actionSheetAnswers,
      this.routes,
      this.rectOverrides,
      this.animations,
    ] as unknown[][])
      list.length = 0;
  }

  /** Unloads every page (with onUnload unless `lifecycles` is false), closes the happy-dom window (its timers stop). */
  async close(lifecycles = true): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (lifecycles) {
      while (this.stack.length) this.unloadPage(this.stack.pop()!);
      for (const inst of this.tabInstances.values()) if (!stateOf(inst).detached) this.unloadPage(inst);
    }
    this.stack.length = 0;
    this.tabInstances.clear();
    // Timers and intervals project code left running end with the app.
    this.modules?.dispose();
    for (const m of this.openModals.splice(0)) m.resolve({ confirm: false, cancel: true });
    for (const t of this.animationTimers) clearTimeout(t);
    this.animationTimers.clear();
    const win = this.window;
    this.window = undefined;
    if (win) await win.happyDOM.close();
  }

  // ------------------------------------------------------------ definitions

  private def(path: string, kind: 'page' | 'component'): Definition {
    const hit = this.definitions.get(path);
    if (hit) return hit;
    const project = this.requireProject();
    const script = project.scriptOf(path);
    if (!script) throw new NavigationError(`${kind === 'page' ? 'page' : 'component'} "${path}" is not found (${path}.js missing)`);
    this.registering = { kind, path };
    let def: Definition | undefined;
    try {
      this.modules!.require(script);
      def = this.registering.def;
    } finally {
      this.registering = undefined;
    }
    if (!def) throw new Error(`${script} did not call ${kind === 'page' ? 'Page() or Component()' : 'Component()'}`);
    const generics = project.readJson(`${path}.json`)?.componentGenerics;
    if (generics && typeof generics === 'object')
      for (const [name, spec] of Object.entries(generics as Record<string, unknown>)) {
        const dflt = spec && typeof spec === 'object' ? (spec as { default?: unknown }).default : undefined;
        def.generics[name] = typeof dflt === 'string' ? dflt : undefined;
      }
    this.definitions.set(path, def);
    const tf = this.loader.load(`${path}.wxml`);
    if (tf) validateTemplate(tf);
    this.templates.set(def, tf);
    return def;
  }

  private requireProject(): Project {
    if (!this.project) throw new Error('no mini-program launched: call mpsim.launch(projectDir) first');
    return this.project;
  }

  resolveUsing(def: Definition, tag: string): Definition | undefined {
    if (BUILTINS.has(tag)) return undefined;
    let map = this.usingCache.get(def);
    if (!map) {
      map = new Map();
      this.usingCache.set(def, map);
    }
    if (map.has(tag)) return map.get(tag);
    const project = this.requireProject();
    const own = (project.readJson(`${def.path}.json`)?.usingComponents ?? {}) as Record<string, string>;
    const global = (project.appJson.usingComponents ?? {}) as Record<string, string>;
    const ref = own[tag] ?? global[tag];
    let found: Definition | undefined;
    if (typeof ref === 'string') {
      const base = tag in own ? dirOf(def.path) : '';
      let target: string;
      if (ref.startsWith('/')) target = ref.slice(1);
      else if (ref.startsWith('./') || ref.startsWith('../')) target = joinRel(base, ref);
      else
        target =
          project.scriptOf(`miniprogram_npm/${ref}`) || project.scriptOf(`miniprogram_npm/${ref}/index`)
            ? `miniprogram_npm/${ref}`
            : joinRel(base, ref);
      if (!project.scriptOf(target) && project.scriptOf(`${target}/index`)) target = `${target}/index`;
      found = this.def(target.replace(/\.js$/, ''), 'component');
    }
    map.set(tag, found);
    return found;
  }

  resolveGenericDefault(def: Definition, name: string): Definition | undefined {
    const ref = def.generics[name];
    if (ref === undefined) return undefined;
    let target = ref.startsWith('/') ? ref.slice(1) : joinRel(dirOf(def.path), ref);
    const project = this.requireProject();
    if (!project.scriptOf(target) && project.scriptOf(`${target}/index`)) target = `${target}/index`;
    return this.def(target.replace(/\.js$/, ''), 'component');
  }

  /** `this.animate` / `this.clearAnimation` calls, in order. */
  readonly animations: AnimationRecord[] = [];
  private readonly animationTimers = new Set<ReturnType<typeof setTimeout>>();

  recordAnimation(rec: AnimationRecord, done?: () => void): void {
    this.animations.push(rec);
    if (!done) return;
    // A scroll-driven animation ends when the user scrolls, not by time: its callback waits for that.
    if (rec.scrollTimeline) return;
    const timer = setTimeout(() => {
      this.animationTimers.delete(timer);
      if (this.launched) done();
    }, rec.duration ?? 0);
    this.animationTimers.add(timer);
  }

  private readonly tabBars = new WeakMap<Instance, Instance>();

  tabBarOf(page: Instance): Instance | undefined {
    return this.tabBars.get(page);
  }

  /**
   * A tab page of an app whose app.json says `tabBar.custom: true` gets its own instance of the
   * project's `custom-tab-bar/index` component (what `getTabBar()` returns), rendered at the end
   * of the page as `<custom-tab-bar>`, created with the page and detached with it.
   */
  private createTabBar(page: Instance, route: string): void {
    const project = this.requireProject();
    if (!this.isTab(route) || project.appJson.tabBar?.custom !== true || !project.scriptOf('custom-tab-bar/index')) return;
    const def = this.def('custom-tab-bar/index', 'component');
    const host = this.document.createElement('custom-tab-bar');
    stateOf(page).root.appendChild(host);
    const bar = new Instance(def, this, host, undefined, page);
    stateOf(page).children.add(bar);
    this.tabBars.set(page, bar);
    this.callLife(bar, 'created');
    renderInstance(bar, this.mounter);
    this.attachQueue.push(bar);
  }

  templateOf(def: Definition): TemplateFile | undefined {
    return this.templates.get(def);
  }

  private readonly wxsCache = new Map<TemplateFile, Record<string, unknown>>();

  wxsModules(file: TemplateFile): Record<string, unknown> {
    const hit = this.wxsCache.get(file);
    if (hit) return hit;
    const out: Record<string, unknown> = {};
    this.wxsCache.set(file, out);
    for (const w of file.wxs) {
      let exports: unknown;
      try {
        exports =
          w.src !== undefined ? this.modules!.require(w.src) : this.modules!.evaluate(w.code ?? '', `${file.file}#wxs-${w.module}.wxs`);
      } catch (err) {
        // A broken WXS module fails where the template uses it, named by file and line.
        this.wxsCache.delete(file);
        throw new WxmlSyntaxError(file.file, w.line, 1, `<wxs module="${w.module}">: ${(err as Error).message}`);
      }
      registerWxsExports(exports);
      out[w.module] = exports;
    }
    return out;
  }

  // ------------------------------------------------------------ rendering

  readonly mounter: ComponentMounter = {
    create: (v: VComponent, hostEl: Element) => {
      const ownerSt = v.owner as unknown as { inst: Instance };
      const owner = ownerSt.inst;
      const def = v.def as Definition;
      const inst = new Instance(def, this, hostEl, owner, stateOf(owner).page);
      v.instance = inst;
      inst.id = v.attrs.id ?? '';
      inst.dataset = v.dataset;
      const st = stateOf(inst);
      st.hostNode = v;
      st.slot = v.slot;
      stateOf(owner).children.add(inst);
      // Abstract nodes: `generic:name="tag"` on the host names a component the owner can use.
      for (const name of Object.keys(def.generics)) {
        const tag = v.props[`generic:${camelCase(name)}`];
        const impl = typeof tag === 'string' ? (stateOf(owner).componentFor(tag) as Definition | undefined) : undefined;
        if (impl) st.genericImpls.set(name, impl);
      }
      // As glass-easel creates a component: its shadow tree is built from the defaults, then
      // `created` runs, then the owner's values arrive (observers see the template's children:
      // vant's datetime-picker selects its picker from the value observer) and the view updates.
      renderInstance(inst, this.mounter);
      this.callLife(inst, 'created');
      applyProperties(inst, v.props, true);
      renderInstance(inst, this.mounter);
      this.attachQueue.push(inst);
    },
    update: (old: VComponent, v: VComponent) => {
      const inst = old.instance as Instance;
      v.instance = inst;
      const st = stateOf(inst);
      st.hostNode = v;
      adoptSlot(old.slot, v.slot);
      st.slot = v.slot;
      inst.id = v.attrs.id ?? '';
      inst.dataset = v.dataset;
      const changed = applyProperties(inst, v.props);
      if (changed || v.slot.length > 0 || st.dirty || externalClassesChanged(st.def, old, v)) renderInstance(inst, this.mounter);
    },
    destroy: (v: VComponent) => {
      if (v.instance) this.detach(v.instance as Instance);
    },
  };

  protected detach(inst: Instance): void {
    const st = stateOf(inst);
    if (st.detached) return;
    for (const child of [...st.children]) this.detach(child);
    this.unlinkRelations(inst);
    st.detached = true;
    this.dirty.delete(inst);
    if (st.attached) this.callLife(inst, 'detached');
    if (st.owner) stateOf(st.owner).children.delete(inst);
  }

  markDirty(inst: Instance, cb?: () => void): void {
    const st = stateOf(inst);
    if (!st.detached) {
      st.dirty = true;
      this.dirty.add(inst);
    }
    if (cb) this.callbacks.push(cb);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Renders every instance with pending setData, runs attach/ready and setData callbacks. */
  flush(): void {
    this.flushScheduled = false;
    if (!this.window) {
      this.dirty.clear();
      this.callbacks = [];
      return;
    }
    for (let guard = 0; this.dirty.size && guard < 100; guard++) {
      const batch = [...this.dirty];
      this.dirty.clear();
      for (const inst of batch) if (stateOf(inst).dirty) renderInstance(inst, this.mounter);
      this.runAttachQueue();
    }
    this.runAttachQueue();
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) cb();
  }

  protected runAttachQueue(): void {
    while (this.attachQueue.length) {
      const batch = this.attachQueue.splice(0);
      for (const inst of batch) {
        const st = stateOf(inst);
        if (st.detached || st.attached) continue;
        st.attached = true;
        this.callLife(inst, 'attached');
      }
      // Relations link once both ends are attached (the client calls `linked` after `attached`).
      for (const inst of batch) if (!stateOf(inst).detached && stateOf(inst).attached) this.linkRelations(inst);
      for (const inst of batch) {
        const st = stateOf(inst);
        // A component added after its page was ready gets `ready` right after attach.
        if (!st.detached && st.page && stateOf(st.page).readied && !st.readied) {
          st.readied = true;
          this.callLife(inst, 'ready');
        }
      }
    }
  }

  /**
   * Links `inst` to the ancestors its `parent`/`ancestor` relations name, when the
   * ancestor declares the matching `child`/`descendant` relation back (both ends must,
   * as on the client). `parent` is the nearest enclosing component (slot content
   * counts as inside the component whose slot holds it); `ancestor` the nearest
   * enclosing one that matches. `linked` runs on the child end, then the parent end.
   */
  private linkRelations(inst: Instance): void {
    const st = stateOf(inst);
    for (const rel of st.def.relations) {
      if (rel.type !== 'parent' && rel.type !== 'ancestor') continue;
      if (st.links.get(rel)?.length) continue;
      const back = rel.type === 'parent' ? 'child' : 'descendant';
      for (const anc of this.componentAncestors(inst)) {
        const ast = stateOf(anc);
        const match = relates(rel, anc) ? ast.def.relations.find((r) => r.type === back && relates(r, inst)) : undefined;
        if (match) {
          st.links.set(rel, [anc]);
          const list = ast.links.get(match) ?? [];
          list.push(inst);
          list.sort((a, b) => (stateOf(a).root.compareDocumentPosition(stateOf(b).root) & 4 ? -1 : 1));
          ast.links.set(match, list);
          if (rel.linked) callUser(this, inst, rel.linked, [anc], `at relation "${rel.key}" linked`);
          if (match.linked) callUser(this, anc, match.linked, [inst], `at relation "${match.key}" linked`);
          break;
        }
        if (rel.type === 'parent') break;
      }
    }
  }

  /** Undoes `inst`'s links (it is being detached); `unlinked` on both ends. */
  private unlinkRelations(inst: Instance): void {
    const st = stateOf(inst);
    for (const [rel, others] of st.links) {
      st.links.delete(rel);
      for (const other of others) {
        const ost = stateOf(other);
        for (const [orel, list] of ost.links) {
          const i = list.indexOf(inst);
          if (i < 0) continue;
          list.splice(i, 1);
          if (rel.unlinked) callUser(this, inst, rel.unlinked, [other], `at relation "${rel.key}" unlinked`);
          if (orel.unlinked) callUser(this, other, orel.unlinked, [inst], `at relation "${orel.key}" unlinked`);
        }
      }
    }
  }

  /**
   * The components enclosing `inst` in the owner tree, nearest first — as glass-easel walks a
   * relation: a node's parent is the enclosing element *of the template that wrote it* (slot
   * content's parent is the host it was written in, wherever a slot composes it: TDesign's
   * picker-item under `<t-picker>` is the picker's child though it shows inside the picker's
   * popup), and a template's top-level nodes have its component as parent.
   */
  private componentAncestors(inst: Instance): Instance[] {
    const out: Instance[] = [];
    // Unslotted content's parent is its host (the holder stands outside the document).
    const up = (el: Element): Element | null => (el.parentElement as Element | null) ?? holderHost.get(el) ?? null;
    let owner = stateOf(inst).owner;
    for (let el = up(stateOf(inst).root); el && owner; el = up(el)) {
      const ost = stateOf(owner);
      if (el === ost.root) {
        // The top of the owner's template: the owner encloses it; continue in the owner's owner's tree.
        if (!ost.detached && ost.def.kind === 'component') out.push(owner);
        owner = ost.owner;
        continue;
      }
      const info = elementInfo.get(el as unknown as Element) as { k?: string; instance?: unknown; owner?: unknown } | undefined;
      if (info?.owner !== ost) continue; // a node of another template (content is composed through it)
      if (info.k === 'comp' && info.instance instanceof Instance && !stateOf(info.instance).detached) out.push(info.instance);
    }
    return out;
  }

  callLife(inst: Instance, name: string, args: unknown[] = []): void {
    const st = stateOf(inst);
    const kind = st.def.kind === 'page' ? 'Page' : 'Component';
    const where = `at ${kind} "${inst.is}" lifeCycleMethod ${name} function`;
    if (st.def.kind === 'page' && isPageHook(name)) {
      // Page hooks are methods of the page object: called as `this.onShow()`, so a reassigned one counts.
      callUser(this, inst, (inst as unknown as Record<string, unknown>)[name], args, where);
      return;
    }
    for (const fn of st.def.lifetimes[name] ?? []) callUser(this, inst, fn, args, where);
  }

  private forEachComponent(inst: Instance, fn: (c: Instance) => void): void {
    for (const child of stateOf(inst).children) {
      fn(child);
      this.forEachComponent(child, fn);
    }
  }

  private pageLifetime(page: Instance, name: string, args: unknown[] = []): void {
    this.forEachComponent(page, (c) => {
      for (const f of stateOf(c).def.pageLifetimes[name] ?? [])
        callUser(this, c, f, args, `at Component "${c.is}" pageLifetimes ${name} function`);
    });
  }

  dispatchComponentEvent(inst: Instance, name: string, detail: unknown, options: Record<string, unknown>): void {
    const page = stateOf(inst).page;
    if (!page) return;
    this.flush();
    dispatchComponentEvent(this, inst, name, detail, options, stateOf(page).root, this.timeStampOf(page));
  }

  /** ms since the page opened (the client's event timeStamp). */
  timeStampOf(page: Instance): number {
    return Math.max(0, Date.now() - (this.pageStart.get(page) ?? Date.now()));
  }

  // ------------------------------------------------------------ pages

  /** Splits `pages/a/b?x=1` (absolute or relative to `fromRoute`) into route and query. */
  parseUrl(url: string, fromRoute: string): { route: string; query: Record<string, string> } {
    const q = url.indexOf('?');
    const pathPart = q >= 0 ? url.slice(0, q) : url;
    const queryPart = q >= 0 ? url.slice(q + 1) : '';
    let route = pathPart.startsWith('/') ? pathPart.slice(1) : joinRel(dirOf(fromRoute), pathPart);
    route = route.replace(/\.(js|wxml)$/, '');
    const query: Record<string, string> = {};
    for (const pair of queryPart.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      // Values reach onLoad as written (not percent-decoded), as on the client.
      if (eq < 0) query[pair] = '';
      else query[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { route, query };
  }

  private isTab(route: string): boolean {
    return (this.project?.appJson.tabBar?.list ?? []).some((t) => t.pagePath.replace(/^\//, '') === route);
  }

  private checkRoute(route: string): void {
    if (!this.requireProject().pageRoutes.includes(route)) throw new NavigationError(`page "${route}" is not found`);
  }

  private async openPage(route: string, query: Record<string, string>, kind: NavKind, channel?: EventChannel): Promise<Instance> {
    const def = this.def(route, 'page');
    const root = this.document.createElement('page');
    root.setAttribute('route', route);
    this.document.body.appendChild(root);
    const inst = new Instance(def, this, root, undefined, undefined);
    const self = inst as unknown as Record<string, unknown>;
    self.route = route;
    self.__route__ = route;
    self.options = { ...query };
    this.pageStart.set(inst, Date.now());
    this.pageIds.set(inst, ++pageCounter);
    if (channel) stateOf(inst).openerChannel = channel;
    const pageJson = this.requireProject().readJson(`${route}.json`) ?? {};
    const title = pageJson.navigationBarTitleText ?? this.requireProject().appJson.window?.navigationBarTitleText ?? '';
    this.navBars.set(inst, { title: String(title), loading: false });
    // Hide the page below (DOM only: lifecycles were called by the caller).
    for (const p of this.stack) if (stateOf(p).root !== root) stateOf(p).root.setAttribute('hidden', '');
    this.stack.push(inst);
    if (this.isTab(route)) this.tabInstances.set(route, inst);
    this.routes.push({ kind, route, query: { ...query } });
    // A page built with Component() receives the query as properties of the same name (base library 2.x).
    const props: Record<string, unknown> = {};
    for (const k of Object.keys(query)) if (k in def.properties) props[k] = query[k];
    // Selector queries made from here until the page's ready are answered after it.
    const held: Array<() => void> = [];
    this.readyHolds.push(held);
    try {
      this.callLife(inst, 'created');
      if (Object.keys(props).length) applyProperties(inst, props, true);
      this.createTabBar(inst, route);
      renderInstance(inst, this.mounter);
      this.runAttachQueue();
      stateOf(inst).attached = true;
      this.callLife(inst, 'attached');
      this.callLife(inst, 'onLoad', [
        (() => {
          const q = new this.host.realm.Object() as Record<string, string>;
          Object.assign(q, query);
          return q;
        })(),
      ]);
      this.showPage(inst);
      this.flush();
      // onReady after the first view update reached the screen: one macrotask later.
      await new Promise<void>((r) => setImmediate(r));
      this.flush();
      this.readyOf(inst);
    } finally {
      this.readyHolds.splice(this.readyHolds.indexOf(held), 1);
      for (const fn of held) fn();
    }
    return inst;
  }

  /** Selector queries made while a page's first render is under way wait for its ready (QueryWorld.holdUntilReady). */
  private readonly readyHolds: Array<Array<() => void>> = [];

  holdUntilReady(fn: () => void): boolean {
    const held = this.readyHolds[this.readyHolds.length - 1];
    if (!held) return false;
    held.push(fn);
    return true;
  }

  /** `ready` of the page's components, then of the page, then onReady. */
  private readyOf(inst: Instance): void {
    if (!stateOf(inst).detached) {
      this.forEachComponent(inst, (c) => {
        const st = stateOf(c);
        if (st.attached && !st.readied && !st.detached) {
          st.readied = true;
          this.callLife(c, 'ready');
        }
      });
      stateOf(inst).readied = true;
      this.callLife(inst, 'ready');
      this.callLife(inst, 'onReady');
      this.flush();
    }
  }

  /** Pages whose pull-down refresh is running (until wx.stopPullDownRefresh). */
  readonly refreshing = new WeakSet<Instance>();

  /** The user pulls the page down: onPullDownRefresh runs (the page stops it). */
  pullDownRefresh(inst: Instance): void {
    this.refreshing.add(inst);
    this.callLife(inst, 'onPullDownRefresh');
    this.flush();
  }

  /** The user scrolled to the bottom: onReachBottom runs. */
  reachBottom(inst: Instance): void {
    this.callLife(inst, 'onReachBottom');
    this.flush();
  }

  private showPage(inst: Instance): void {
    stateOf(inst).root.removeAttribute('hidden');
    this.callLife(inst, 'onShow');
    this.pageLifetime(inst, 'show');
  }

  private hidePage(inst: Instance): void {
    this.callLife(inst, 'onHide');
    this.pageLifetime(inst, 'hide');
    stateOf(inst).root.setAttribute('hidden', '');
  }

  private unloadPage(inst: Instance): void {
    const st = stateOf(inst);
    if (st.detached) return;
    this.callLife(inst, 'onUnload');
    for (const child of [...st.children]) this.detach(child);
    st.detached = true;
    if (st.attached) this.callLife(inst, 'detached');
    for (const [route, t] of this.tabInstances) if (t === inst) this.tabInstances.delete(route);
    st.root.remove();
  }

  get currentPage(): Instance | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** wx.navigateTo: keeps the current page (onHide), opens a new one; 10 pages at most. */
  async navigateTo(url: string, events?: Record<string, unknown>): Promise<{ page: Instance; eventChannel: EventChannel }> {
    const { route, query } = this.parseUrl(url, this.currentPage?.is ?? '');
    this.checkRoute(route);
    if (this.isTab(route)) throw new NavigationError('can not navigateTo a tabbar page');
    if (this.stack.length >= 10) throw new NavigationError('webview count limit exceed');
    const [opener, target] = EventChannel.pair();
    for (const [name, fn] of Object.entries(events ?? {})) opener.on(name, fn);
    const current = this.currentPage;
    if (current) this.hidePage(current);
    const page = await this.openPage(route, query, 'navigateTo', target);
    return { page, eventChannel: opener };
  }

  /** wx.redirectTo: unloads the current page, opens another (not a tab page). */
  async redirectTo(url: string): Promise<Instance> {
    const { route, query } = this.parseUrl(url, this.currentPage?.is ?? '');
    this.checkRoute(route);
    if (this.isTab(route)) throw new NavigationError('can not redirectTo a tabbar page');
    const current = this.stack.pop();
    if (current) this.unloadPage(current);
    return this.openPage(route, query, 'redirectTo');
  }

  /** wx.navigateBack: unloads `delta` pages (at most all but one), shows the one below. */
  async navigateBack(delta = 1): Promise<Instance> {
    if (this.stack.length <= 1) throw new NavigationError('cannot navigate back at first page.');
    const n = Math.min(Math.max(1, Math.floor(delta) || 1), this.stack.length - 1);
    for (let i = 0; i < n; i++) this.unloadPage(this.stack.pop()!);
    const top = this.currentPage!;
    this.routes.push({ kind: 'navigateBack', route: top.is, query: {} });
    this.showPage(top);
    this.flush();
    await new Promise<void>((r) => setImmediate(r));
    return top;
  }

  /** wx.switchTab: every non-tab page is unloaded, the tab page is shown (loaded once). */
  async switchTab(url: string): Promise<Instance> {
    const { route } = this.parseUrl(url.split('?')[0], this.currentPage?.is ?? '');
    this.checkRoute(route);
    if (!this.isTab(route)) throw new NavigationError('can not switch to no-tabBar page');
    const current = this.currentPage;
    if (current && current.is === route && this.stack.length === 1) return current;
    // Pop the stack: tab pages are hidden (kept), others unloaded (top first).
    while (this.stack.length) {
      const p = this.stack.pop()!;
      if (this.tabInstances.get(p.is) === p) {
        if (p === current) this.hidePage(p);
      } else this.unloadPage(p);
    }
    const kept = this.tabInstances.get(route);
    if (kept && !stateOf(kept).detached) {
      this.stack.push(kept);
      this.routes.push({ kind: 'switchTab', route, query: {} });
      this.showPage(kept);
      this.flush();
      await new Promise<void>((r) => setImmediate(r));
      return kept;
    }
    return this.openPage(route, {}, 'switchTab');
  }

  /** wx.reLaunch: unloads every page (tab pages too) and opens `url`. */
  async reLaunch(url: string): Promise<Instance> {
    const { route, query } = this.parseUrl(url, this.currentPage?.is ?? '');
    this.checkRoute(route);
    while (this.stack.length) this.unloadPage(this.stack.pop()!);
    for (const inst of [...this.tabInstances.values()]) this.unloadPage(inst);
    this.tabInstances.clear();
    return this.openPage(route, query, 'reLaunch');
  }

  // ------------------------------------------------------------ interaction

  /** Records a toast/loading; the previous one disappears (one at a time, as on screen). */
  showToast(rec: Omit<ToastRecord, 'visible' | 'page'>): void {
    for (const t of this.toasts) t.visible = false;
    const record: ToastRecord = { ...rec, page: this.currentPage?.is, visible: true };
    this.toasts.push(record);
    if (rec.kind === 'toast' && rec.duration > 0) {
      const timer = setTimeout(() => (record.visible = false), rec.duration);
      timer.unref?.();
    }
  }

  hideToast(kind: 'toast' | 'loading'): void {
    for (const t of this.toasts) if (t.kind === kind) t.visible = false;
  }

  /** Opens a modal; `answer` settles with the scripted user's answer (now, or when answered later). */
  showModal(rec: Omit<ModalRecord, 'answer' | 'page'>): { record: ModalRecord; answer: Promise<ModalAnswer> } {
    const record: ModalRecord = { ...rec, page: this.currentPage?.is };
    this.modals.push(record);
    const scripted = this.modalAnswers.shift();
    if (scripted) return { record, answer: Promise.resolve(scripted) };
    // No launched app, so nobody can ever tap: answered at once like an unscripted
    // showActionSheet (cancelled; confirmed when there is no cancel button) — issue 13 item 20.
    if (!this.launched) return { record, answer: Promise.resolve(rec.showCancel ? { cancel: true } : { confirm: true }) };
    return { record, answer: new Promise((resolve) => this.openModals.push({ record, resolve })) };
  }

  /** The next modal is answered with `answer` (queued). */
  answerNextModal(answer: ModalAnswer): void {
    this.modalAnswers.push(answer);
  }

  /** Answers the oldest modal still open; false when none is open. */
  answerModal(answer: ModalAnswer): boolean {
    const open = this.openModals.shift();
    if (!open) return false;
    open.resolve(answer);
    return true;
  }

  /** Next showActionSheet picks `index` (or is cancelled). */
  answerNextActionSheet(answer: number | 'cancel'): void {
    this.actionSheetAnswers.push(answer);
  }

  takeActionSheetAnswer(): number | 'cancel' | undefined {
    return this.actionSheetAnswers.shift();
  }

  /** app.json of the launched project. */
  get appJson(): AppJson | undefined {
    return this.project?.appJson;
  }
}

const runtimes = new WeakMap<RuntimeHost, PagesRuntime>();

/** The PagesRuntime of a host (one per simulator). */
export function pagesOf(host: RuntimeHost): PagesRuntime {
  let rt = runtimes.get(host);
  if (!rt) {
    rt = new PagesRuntime(host);
    runtimes.set(host, rt);
  }
  return rt;
}
