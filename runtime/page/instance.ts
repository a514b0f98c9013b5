/**
 * Page and component instances: the `this` of page and component code.
 * `this.data` / `this.properties`, `setData(obj, cb)` with data paths and the
 * 1024 kB limit, property types/defaults/observers, `observers`, lifetimes,
 * `triggerEvent`, `selectComponent(s)`, `selectOwnerComponent`,
 * `getOpenerEventChannel` (pages) and rendering of the own template.
 */
import type { Document, Element } from 'happy-dom';
import type { RuntimeHost } from '../host';
import { cloneData, dataSize, DataPathError, getAtPath, parseDataPath, pathTouches, setAtPath, type PathSegment } from './data-path';
import { coerceProp, hasBuiltinBehavior, renderOptions, resolveComponentPath, type Definition, type RelationDef } from './definition';
import type { TemplateFile, TemplateLoader } from './template';
import {
  baseScope,
  camelCase,
  elementInfo,
  holderHost,
  patchChildren,
  patchPass,
  renderNodes,
  type ComponentMounter,
  type RenderOwner,
  type VComponent,
  type VNode,
} from './vdom';

import { IntersectionObserver, SelectorQuery, type QueryWorld } from './selector-query';
import { withLiteralRealm } from './expression';

type Fn = (...args: unknown[]) => unknown;

/** What instances need from the app they live in (implemented by PagesRuntime). */
export interface World {
  readonly host: RuntimeHost;
  readonly document: Document;
  readonly loader: TemplateLoader;
  /** The definition of a component used under `tag` by `def` (usingComponents), if any. */
  resolveUsing(def: Definition, tag: string): Definition | undefined;
  /** The default implementation of `def`'s abstract node `name` (componentGenerics), if it declares one. */
  resolveGenericDefault(def: Definition, name: string): Definition | undefined;
  templateOf(def: Definition): TemplateFile | undefined;
  /** The `<wxs>` modules a template file declares (loaded once), by module name. */
  wxsModules(file: TemplateFile): Record<string, unknown>;
  /** Schedules a re-render of `inst`; `cb` runs after the view was updated. */
  markDirty(inst: Instance, cb?: () => void): void;
  /** Records a `this.animate` / `this.clearAnimation` call; `done` runs when the animation ends (never after the app closed). */
  recordAnimation(rec: AnimationRecord, done?: () => void): void;
  /** The custom tab bar instance of `page` (app.json `tabBar.custom`), if it has one. */
  tabBarOf(page: Instance): Instance | undefined;
  /** Dispatches a component event (triggerEvent). */
  dispatchComponentEvent(inst: Instance, name: string, detail: unknown, options: Record<string, unknown>): void;
  /** What setData does over 1024 kB (UNCONFIRMED in the client: see README). */
  readonly setDataLimit: { bytes: number; mode: 'throw' | 'warn' };
}

/** What `this.animate` / `this.clearAnimation` recorded. */
export interface AnimationRecord {
  kind: 'animate' | 'clear';
  /** Path of the component (or route of the page) that called it. */
  component: string;
  selector: string;
  /** `animate`: the keyframes as passed. */
  keyframes?: unknown[];
  /** `animate`: ms. */
  duration?: number;
  /** `animate` driven by scrolling: the ScrollTimeline options as passed. */
  scrollTimeline?: unknown;
  /** `clearAnimation`: which properties (undefined: all). */
  options?: unknown;
}

/** Internal state of an instance, invisible to user code. */
export class InstanceState implements RenderOwner {
  vnodes: VNode[] = [];
  slot: VNode[] = [];
  /** Slot content no `<slot>` shows, kept (and its components alive) in `holder` (vdom holderHost). */
  unslotted: VNode[] = [];
  holder?: Element;
  hostNode?: VComponent;
  attached = false;
  readied = false;
  detached = false;
  dirty = false;
  readonly children = new Set<Instance>();
  /** Instances linked through each of this instance's relations (page order). */
  readonly links = new Map<RelationDef, Instance[]>();
  openerChannel?: unknown;
  /** Implementations of this component's abstract nodes (`generic:x="tag"` on its host), by node name. */
  readonly genericImpls = new Map<string, Definition>();

  constructor(
    readonly inst: Instance,
    readonly def: Definition,
    readonly world: World,
    /** The DOM element this instance renders into (page root or component host). */
    readonly root: Element,
    /** The instance whose template declares this component (undefined for pages). */
    readonly owner: Instance | undefined,
    /** The page this instance lives in (itself for a page). */
    public page: Instance | undefined,
  ) {}

  componentFor(tag: string): unknown {
    // An abstract node (componentGenerics) is what the host chose, or the declared default.
    if (tag in this.def.generics) return this.genericImpls.get(tag) ?? this.world.resolveGenericDefault(this.def, tag);
    return this.world.resolveUsing(this.def, tag);
  }
}

const states = new WeakMap<object, InstanceState>();

/** Internal state of an instance (throws for a foreign object). */
export function stateOf(inst: object): InstanceState {
  const st = states.get(inst);
  if (!st) throw new Error('not a page or component instance');
  return st;
}

export function isInstance(v: unknown): v is Instance {
  return !!v && typeof v === 'object' && states.has(v);
}

/** Calls user code; an exception is reported as the client reports it, never thrown. */
export function callUser(world: World, self: unknown, fn: unknown, args: unknown[], where: string): unknown {
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn as Fn).apply(self, args);
  } catch (err) {
    world.host.reportScriptError(err, where);
    return undefined;
  }
}

export class Instance {
  /** The instance's data (a component's `properties` is the same object). */
  data: Record<string, unknown>;
  /** Page route or component path, e.g. `pages/index/index`. */
  is: string;
  /** `id` attribute of a component's host element ('' for pages). */
  id = '';
  /** `data-*` of a component's host element. */
  dataset: Record<string, unknown> = {};

  constructor(def: Definition, world: World, root: Element, owner: Instance | undefined, page: Instance | undefined) {
    const st = new InstanceState(this, def, world, root, owner, page ?? this);
    states.set(this, st);
    this.is = def.path;
    const data = cloneData(def.data);
    for (const [name, p] of Object.entries(def.properties)) if (!(name in data)) data[name] = cloneData(p.value);
    this.data = data;
    for (const [k, v] of Object.entries(def.extraFields)) (this as Record<string, unknown>)[k] = cloneData(v);
    for (const [k, fn] of Object.entries(def.methods)) (this as Record<string, unknown>)[k] = fn;
  }

  /** Same object as `data` (components). */
  get properties(): Record<string, unknown> {
    return this.data;
  }

  /**
   * Updates `this.data` synchronously (keys may be data paths like `a.b[0].c`),
   * then re-renders; `callback` runs after the view was updated.
   */
  setData(data: unknown, callback?: unknown): void {
    const st = stateOf(this);
    const realm = st.world.host.realm;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new realm.Error(`setData: data must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data}`);
    }
    const size = dataSize(data);
    const limit = st.world.setDataLimit;
    if (size > limit.bytes) {
      // The client's wording for this is UNCONFIRMED (research §8.6); ours names both sizes.
      const msg = `setData: data exceeds the limit of ${Math.floor(limit.bytes / 1024)}kB (got ${Math.ceil(size / 1024)}kB) in ${this.is}`;
      if (limit.mode === 'throw') throw new realm.Error(msg);
      st.world.host.console.warn(msg);
    }
    const changed: PathSegment[][] = [];
    const propChanges: Array<{ name: string; oldVal: unknown; whole: boolean }> = [];
    for (const key of Object.keys(data)) {
      let path: PathSegment[];
      try {
        path = parseDataPath(key);
      } catch (err) {
        if (err instanceof DataPathError) throw new realm.Error(`setData: ${err.message}`);
        throw err;
      }
      let value = (data as Record<string, unknown>)[key];
      if (value === undefined) st.world.host.console.warn(`Setting data field "${key}" to undefined is invalid.`);
      const top = String(path[0]);
      const prop = st.def.properties[top];
      if (prop && path.length === 1) value = coerceProp(prop, value);
      const oldTop = this.data[top];
      try {
        setAtPath(this.data, path, value, realm);
      } catch (err) {
        if (err instanceof DataPathError) throw new realm.Error(`setData: ${err.message}`);
        throw err;
      }
      changed.push(path);
      if (prop && (path.length > 1 || oldTop !== this.data[top])) propChanges.push({ name: top, oldVal: oldTop, whole: path.length === 1 });
    }
    // glass-easel's order (data_proxy.ts applyDataUpdates): data `observers`, then (after the
    // view update) property observers and `model:` write-backs. Pure data fires no property observer.
    runObservers(this, changed);
    const pure = renderOptions(st.def).pureDataPattern;
    const models = st.hostNode?.models;
    for (const { name, oldVal, whole } of propChanges) {
      if (pure?.test(name)) continue;
      // `model:prop="{{path}}"` on the host: the component's own change of the property writes the owner's data.
      // A sub-path write (setData({'list[0]': x})) is not written back (glass-easel passes only the sub-value; we choose not to).
      if (models && whole && st.owner && !st.detached) writeBackModel(st, models, name);
      runPropertyObserver(this, name, oldVal);
    }
    st.world.markDirty(
      this,
      typeof callback === 'function' ? () => callUser(st.world, this, callback, [], 'at setData callback function') : undefined,
    );
  }

  /** Batches setData calls made inside `fn` into one view update (2.4.0). */
  groupSetData(fn?: unknown): void {
    if (typeof fn === 'function') callUser(stateOf(this).world, this, fn, [], 'at groupSetData callback');
  }

  /** Fires a component event on this component's host element. */
  triggerEvent(name: string, detail?: unknown, options?: Record<string, unknown>): void {
    const st = stateOf(this);
    st.world.dispatchComponentEvent(this, String(name), detail, options ?? {});
  }

  /**
   * The first child component in this instance's template matching `selector`, or null;
   * for a component with `wx://component-export`, what its `export()` returns.
   */
  selectComponent(selector: string): unknown {
    const found = this.selectAllComponents(selector)[0];
    if (!found) return null;
    const def = stateOf(found).def;
    if (def.exportFn && hasBuiltinBehavior(def, 'wx://component-export'))
      return callUser(stateOf(this).world, found, def.exportFn, [], `at ${found.is} export`);
    return found;
  }

  /** Every child component in this instance's template matching `selector`. */
  selectAllComponents(selector: string): Instance[] {
    const st = stateOf(this);
    const out = new st.world.host.realm.Array() as Instance[];
    let found: Element[];
    try {
      found = queryRoots(st.root).flatMap((r) => [...r.querySelectorAll(String(selector))]);
    } catch {
      return out;
    }
    for (const el of found) {
      const info = elementInfo.get(el);
      if (info?.k === 'comp' && isInstance(info.instance) && stateOf(info.instance).owner === this) out.push(info.instance);
    }
    return out;
  }

  /** The instance whose template declares this component (null for pages). */
  selectOwnerComponent(): Instance | null {
    return stateOf(this).owner ?? null;
  }

  /** True when this instance's definition includes the behavior. */
  hasBehavior(behavior: unknown): boolean {
    return stateOf(this).def.behaviors.includes(behavior as never);
  }

  /** The page's EventChannel with its opener (navigateTo `events`), pages only. */
  getOpenerEventChannel(): unknown {
    return stateOf(this).openerChannel ?? {};
  }

  /** The instances linked to this one through the relation `key` (as written in `relations`), in page order. */
  getRelationNodes(key: string): Instance[] {
    const st = stateOf(this);
    const out = new st.world.host.realm.Array() as Instance[];
    const rel =
      st.def.relations.find((r) => r.key === key) ?? st.def.relations.find((r) => r.path === resolveComponentPath(this.is, String(key)));
    if (!rel) return out;
    // Page order now (keyed lists move nodes after linking).
    const linked = [...(st.links.get(rel) ?? [])].sort((a, b) => (stateOf(a).root.compareDocumentPosition(stateOf(b).root) & 4 ? -1 : 1));
    out.push(...linked);
    return out;
  }

  /** A selector query scoped to this instance's own nodes (`wx.createSelectorQuery().in(this)`). */
  createSelectorQuery(): SelectorQuery {
    return new SelectorQuery(stateOf(this).world as unknown as QueryWorld).in(this);
  }

  /** An intersection observer whose selectors are looked up in this instance's nodes. */
  createIntersectionObserver(options?: unknown): IntersectionObserver {
    return new IntersectionObserver(stateOf(this).world as unknown as QueryWorld, this, options);
  }

  /**
   * `this.animate(selector, keyframes, duration, callback)` (or a ScrollTimeline object as
   * the 4th argument): recorded in `app.animations`; `callback` runs after `duration` ms.
   * No styles change in the document (the renderer keeps its own view of `style`).
   */
  animate(selector: unknown, keyframes: unknown, duration: unknown, callbackOrTimeline?: unknown): void {
    const st = stateOf(this);
    const realm = st.world.host.realm;
    if (typeof selector !== 'string' || !selector) throw new realm.Error('animate: selector should be a non-empty String');
    if (!Array.isArray(keyframes)) throw new realm.Error('animate: keyframes should be an Array');
    if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)
      throw new realm.Error('animate: duration should be a non-negative Number');
    const cb = typeof callbackOrTimeline === 'function' ? callbackOrTimeline : undefined;
    const timeline = callbackOrTimeline && typeof callbackOrTimeline === 'object' ? callbackOrTimeline : undefined;
    const rec: AnimationRecord = { kind: 'animate', component: this.is, selector, keyframes: [...keyframes], duration };
    if (timeline) rec.scrollTimeline = timeline;
    st.world.recordAnimation(rec, cb && (() => callUser(st.world, this, cb, [], `at ${this.is} animate callback`)));
  }

  /** `this.clearAnimation(selector, options?, callback?)`: recorded; `callback` runs on the next tick. */
  clearAnimation(selector: unknown, options?: unknown, callback?: unknown): void {
    const st = stateOf(this);
    if (typeof selector !== 'string' || !selector)
      throw new st.world.host.realm.Error('clearAnimation: selector should be a non-empty String');
    const cb = typeof options === 'function' ? options : typeof callback === 'function' ? callback : undefined;
    const rec: AnimationRecord = { kind: 'clear', component: this.is, selector };
    if (options && typeof options === 'object') rec.options = options;
    st.world.recordAnimation(rec, cb && (() => callUser(st.world, this, cb, [], `at ${this.is} clearAnimation callback`)));
  }

  /** The custom tab bar component of this page (app.json `tabBar.custom`), or null. */
  getTabBar(): Instance | null {
    const st = stateOf(this);
    return st.page ? (st.world.tabBarOf(st.page) ?? null) : null;
  }

  /** A stable id for the page this instance lives in. */
  getPageId(): string {
    return `pageId:${stateOf(this).page?.is ?? this.is}`;
  }
}

function runPropertyObserver(inst: Instance, name: string, oldVal: unknown): void {
  const st = stateOf(inst);
  const prop = st.def.properties[name];
  if (!prop?.observer) return;
  const fn = typeof prop.observer === 'string' ? (inst as unknown as Record<string, unknown>)[prop.observer] : prop.observer;
  callUser(st.world, inst, fn, [inst.data[name], oldVal, [name]], `at ${inst.is} property "${name}" observer`);
}

/** Runs `observers` whose fields are touched by any of the changed paths. */
export function runObservers(inst: Instance, changed: PathSegment[][]): void {
  const st = stateOf(inst);
  for (const { fields, fn } of st.def.observers) {
    const watches = fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const parsed = watches.map((w) => (w === '**' ? ['**'] : parseObserverPath(w)));
    if (!parsed.some((w) => changed.some((c) => pathTouches(w, c)))) continue;
    const args = parsed.map((w) => {
      const p = w[w.length - 1] === '**' ? w.slice(0, -1) : w;
      return p.length === 0 ? inst.data : getAtPath(inst.data, p);
    });
    callUser(st.world, inst, fn, args, `at ${inst.is} observer "${fields}"`);
  }
}

function parseObserverPath(w: string): PathSegment[] {
  if (w.endsWith('.**')) return [...parseDataPath(w.slice(0, -3)), '**'];
  try {
    return parseDataPath(w);
  } catch {
    return [w];
  }
}

/** Renders `inst`'s template with its data and patches its DOM. */
export function renderInstance(inst: Instance, mounter: ComponentMounter): void {
  const st = stateOf(inst);
  if (st.detached) return;
  st.dirty = false;
  const tf = st.world.templateOf(st.def);
  const out: VNode[] = [];
  const slotted = new Set<VNode>();
  if (tf) {
    const wxs = (f: TemplateFile) => st.world.wxsModules(f);
    const opts = renderOptions(st.def);
    let data = inst.data;
    if (opts.pureDataPattern) {
      // Pure data fields are never sent to the view.
      data = {};
      for (const k of Object.keys(inst.data)) if (!opts.pureDataPattern.test(k)) data[k] = inst.data[k];
    }
    withLiteralRealm(st.world.host.realm, () =>
      renderNodes(
        tf.nodes,
        baseScope(data, wxs(tf)),
        {
          owner: st,
          file: tf,
          loader: st.world.loader,
          slot: st.slot,
          wxs,
          singleSlot: st.owner && !opts.multipleSlots ? { taken: false } : undefined,
          slotted,
        },
        out,
      ),
    );
    scopeClasses(st, out, externalClassMap(st));
  }
  const unslotted = st.slot.length ? st.slot.filter((v) => !slotted.has(v)) : st.slot;
  const doc = st.world.document;
  patchPass(mounter, () => {
    patchChildren(st.root, st.vnodes, out, doc, mounter);
    if (unslotted.length || st.unslotted.length) {
      if (!st.holder) {
        st.holder = doc.createElement('wx-unslotted');
        holderHost.set(st.holder, st.root);
        holders++;
      }
      patchChildren(st.holder, st.unslotted, unslotted, doc, mounter);
    }
  });
  st.vnodes = out;
  st.unslotted = unslotted;
}

/**
 * `root` and the unslotted holders of the components below it (and below those): where a
 * shadow-tree query (selectComponent, mpsim/simulate's querySelector) looks, since unslotted
 * content is part of its owner's tree though not rendered.
 */
let holders = 0;

export function queryRoots(root: Element): Element[] {
  const out = [root];
  if (holders === 0) return out;
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    const own = componentAt(r);
    if (own?.holder && !out.includes(own.holder)) out.push(own.holder);
    for (const el of r.querySelectorAll('*')) {
      const h = componentAt(el)?.holder;
      if (h) out.push(h);
    }
  }
  return out;
}

function componentAt(el: Element): InstanceState | undefined {
  const info = elementInfo.get(el);
  return info?.k === 'comp' && isInstance(info.instance) ? stateOf(info.instance) : undefined;
}

/**
 * Applies the properties the owner's template passes; returns true when any value changed.
 * `initial`: the values a new component receives right after `created` (glass-easel sets them
 * after the created lifetime unless `propertyEarlyInit`): every one fires the data `observers`
 * watching it, a property `observer` only when the value differs from the default. Later
 * updates apply only values that changed. Data observers run before property observers.
 */
export function applyProperties(inst: Instance, passed: Record<string, unknown>, initial = false): boolean {
  const st = stateOf(inst);
  const changed: PathSegment[][] = [];
  const olds: Array<[string, unknown]> = [];
  for (const [name, def] of Object.entries(st.def.properties)) {
    if (!(name in passed)) continue;
    const v = coerceProp(def, passed[name]);
    const old = inst.data[name];
    if (v === old && !initial) continue;
    inst.data[name] = v;
    changed.push([name]);
    if (v !== old) olds.push([name, old]);
  }
  if (changed.length === 0) return false;
  runObservers(inst, changed);
  const pure = renderOptions(st.def).pureDataPattern;
  for (const [name, old] of olds) if (!pure?.test(name)) runPropertyObserver(inst, name, old);
  return olds.length > 0;
}

/** Writes a component's new value of property `name` to its owner's data when the host binds it with `model:`. */
function writeBackModel(st: InstanceState, models: Record<string, string>, name: string): void {
  for (const [attr, path] of Object.entries(models)) {
    if (camelCase(attr) !== name) continue;
    const owner = st.owner!;
    if (getAtPath(owner.data, parseDataPath(path)) === st.inst.data[name]) continue;
    owner.setData({ [path]: st.inst.data[name] });
  }
}

/**
 * The class names each external class of `st`'s component stands for: what its host passed
 * (`custom-class="a b"`; for a virtualHost component the host's `class` goes to the external
 * class `class`). A name the host did not pass stands for nothing.
 */
export function externalClassMap(st: InstanceState): Map<string, string> | undefined {
  const names = st.def.externalClasses;
  if (names.length === 0) return undefined;
  const host = st.hostNode;
  const map = new Map<string, string>();
  for (const name of names) {
    const v = host?.props[camelCase(name)];
    map.set(name, typeof v === 'string' ? v : v === undefined || v === null || v === false ? '' : String(v));
  }
  return map;
}

/** Whether the host passes different external-class values in `next` than in `prev` (the component must re-render). */
export function externalClassesChanged(def: Definition, prev: VComponent, next: VComponent): boolean {
  for (const name of def.externalClasses) {
    const key = camelCase(name);
    if (prev.props[key] !== next.props[key]) return true;
  }
  return false;
}

export function mapClassList(value: string, map: Map<string, string>): string {
  let hit = false;
  const out: string[] = [];
  for (const token of value.split(/\s+/)) {
    if (!token) continue;
    const to = map.get(token);
    if (to === undefined) out.push(token);
    else {
      hit = true;
      for (const t of to.split(/\s+/)) if (t) out.push(t);
    }
  }
  return hit ? out.join(' ') : value;
}

/**
 * Class names in a flattened DOM (no shadow trees, so no per-component prefixes — which
 * is also why `addGlobalClass` / `styleIsolation` change no class name here): in the nodes
 * `st`'s own template produced, an external class name becomes the classes the host passed;
 * a child component's external-class values are resolved the same way first (so a chain
 * `custom-class="loading-class"` reaches the grandchild). A virtualHost child has no host node:
 * its host `class` becomes its external class `class` (when declared) and `style` its `style`
 * property (when declared), and neither stays on our placeholder host element.
 */
function scopeClasses(st: InstanceState, nodes: VNode[], map: Map<string, string> | undefined): void {
  for (const v of nodes) {
    if (v.k === 'text' || v.owner !== st) continue;
    if (map && v.attrs.class !== undefined) {
      const c = mapClassList(v.attrs.class, map);
      if (c) v.attrs.class = c;
      else delete v.attrs.class;
    }
    if (v.k === 'el') {
      scopeClasses(st, v.children, map);
      continue;
    }
    const child = v.def as Definition;
    for (const name of child.externalClasses) {
      const key = camelCase(name);
      const passed = v.props[key];
      if (map && typeof passed === 'string') v.props[key] = mapClassList(passed, map);
    }
    if (renderOptions(child).virtualHost) {
      if (child.externalClasses.includes('class') && v.attrs.class !== undefined) v.props.class = v.attrs.class;
      if ('style' in child.properties && v.attrs.style !== undefined) v.props.style = v.attrs.style;
      delete v.attrs.class;
      delete v.attrs.style;
    }
    scopeClasses(st, v.slot, map);
  }
}

export { states as instanceStates };
