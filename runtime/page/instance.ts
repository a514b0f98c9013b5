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
import { coerceProp, hasBuiltinBehavior, resolveComponentPath, type Definition, type RelationDef } from './definition';
import type { TemplateFile, TemplateLoader } from './template';
import {
  baseScope,
  elementInfo,
  patchChildren,
  renderNodes,
  type ComponentMounter,
  type RenderOwner,
  type VComponent,
  type VNode,
} from './vdom';

import { IntersectionObserver, SelectorQuery, type QueryWorld } from './selector-query';

type Fn = (...args: unknown[]) => unknown;

/** What instances need from the app they live in (implemented by PagesRuntime). */
export interface World {
  readonly host: RuntimeHost;
  readonly document: Document;
  readonly loader: TemplateLoader;
  /** The definition of a component used under `tag` by `def` (usingComponents), if any. */
  resolveUsing(def: Definition, tag: string): Definition | undefined;
  templateOf(def: Definition): TemplateFile | undefined;
  /** The `<wxs>` modules a template file declares (loaded once), by module name. */
  wxsModules(file: TemplateFile): Record<string, unknown>;
  /** Schedules a re-render of `inst`; `cb` runs after the view was updated. */
  markDirty(inst: Instance, cb?: () => void): void;
  /** Dispatches a component event (triggerEvent). */
  dispatchComponentEvent(inst: Instance, name: string, detail: unknown, options: Record<string, unknown>): void;
  /** What setData does over 1024 kB (UNCONFIRMED in the client: see README). */
  readonly setDataLimit: { bytes: number; mode: 'throw' | 'warn' };
}

/** Internal state of an instance, invisible to user code. */
export class InstanceState implements RenderOwner {
  vnodes: VNode[] = [];
  slot: VNode[] = [];
  hostNode?: VComponent;
  attached = false;
  readied = false;
  detached = false;
  dirty = false;
  readonly children = new Set<Instance>();
  /** Instances linked through each of this instance's relations (page order). */
  readonly links = new Map<RelationDef, Instance[]>();
  openerChannel?: unknown;

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
    const propChanges: Array<{ name: string; oldVal: unknown }> = [];
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
      if (prop && (path.length > 1 || oldTop !== this.data[top])) propChanges.push({ name: top, oldVal: oldTop });
    }
    for (const { name, oldVal } of propChanges) runPropertyObserver(this, name, oldVal);
    runObservers(this, changed);
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
      found = [...st.root.querySelectorAll(String(selector))];
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
  if (tf) {
    const wxs = (f: TemplateFile) => st.world.wxsModules(f);
    renderNodes(tf.nodes, baseScope(inst.data, wxs(tf)), { owner: st, file: tf, loader: st.world.loader, slot: st.slot, wxs }, out);
  }
  patchChildren(st.root, st.vnodes, out, st.world.document, mounter);
  st.vnodes = out;
}

/** Applies the properties a parent passes; returns true when any value changed. */
export function applyProperties(inst: Instance, passed: Record<string, unknown>): boolean {
  const st = stateOf(inst);
  const changed: PathSegment[][] = [];
  const olds: Array<[string, unknown]> = [];
  for (const [name, def] of Object.entries(st.def.properties)) {
    if (!(name in passed)) continue;
    const v = coerceProp(def, passed[name]);
    const old = inst.data[name];
    if (v === old) continue;
    inst.data[name] = v;
    changed.push([name]);
    olds.push([name, old]);
  }
  if (changed.length === 0) return false;
  // Also on creation: observers fire for values that differ from the default (as the client does).
  for (const [name, old] of olds) runPropertyObserver(inst, name, old);
  runObservers(inst, changed);
  return true;
}

export { states as instanceStates };
