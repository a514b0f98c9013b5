/**
 * Page / Component / Behavior definitions as the client normalizes them
 * (wx-api-semantics §8.6): properties with types, defaults and observers,
 * data, methods, `lifetimes` (winning over the old top-level forms),
 * `pageLifetimes`, `observers`, `behaviors` merged in order (the component's
 * own fields win; every lifecycle function runs, behaviors first).
 */
import { cloneData } from './data-path';

/** Constructors used as property types (the user's realm: compared by name). */
export type PropType = 'String' | 'Number' | 'Boolean' | 'Object' | 'Array' | null;

export interface PropDef {
  type: PropType;
  optionalTypes: PropType[];
  value: unknown;
  observer?: ((newVal: unknown, oldVal: unknown, path: unknown) => void) | string;
}

type Fn = (...args: unknown[]) => unknown;

export interface Definition {
  /** Route of the page or path of the component, e.g. `pages/index/index`. */
  path: string;
  /** Registered by Page() (lifecycle hooks are top-level fields) or by Component(). */
  kind: 'page' | 'component';
  properties: Record<string, PropDef>;
  data: Record<string, unknown>;
  methods: Record<string, Fn>;
  /** Every lifetime's functions in call order (behaviors first). */
  lifetimes: Record<string, Fn[]>;
  pageLifetimes: Record<string, Fn[]>;
  /** Observer entries in declaration order. */
  observers: Array<{ fields: string; fn: Fn }>;
  /** Page() fields that are not functions and not `data` (copied to the instance). */
  extraFields: Record<string, unknown>;
  behaviors: BehaviorDef[];
  options: Record<string, unknown>;
  externalClasses: string[];
  /** `relations`, keys resolved against the component's path (or matched by `target` behavior). */
  relations: RelationDef[];
  /** `export()` of a component with `wx://component-export`: what selectComponent returns. */
  exportFn?: Fn;
  /**
   * `componentGenerics` of the component's json: abstract node name → default
   * implementation (project path, resolved against the component) or undefined.
   */
  generics: Record<string, string | undefined>;
}

/** The `options` a definition declares that change how it renders (Component `options`). */
export interface RenderOptions {
  /** Named slots (`<slot name>`); without it every slot child goes to the first `<slot>`. */
  multipleSlots: boolean;
  /** No host node on the client: `class` reaches the external class `class`, `style` the property `style`. */
  virtualHost: boolean;
  /** Data fields matching it are not rendered and do not fire property observers. */
  pureDataPattern?: { test(s: string): boolean };
}

/** Reads a definition's render options (values from the user's realm: duck-typed). */
export function renderOptions(def: Definition): RenderOptions {
  const o = def.options;
  const p = o.pureDataPattern as { test?: unknown } | undefined;
  return {
    multipleSlots: o.multipleSlots === true,
    virtualHost: o.virtualHost === true,
    pureDataPattern: p && typeof p.test === 'function' ? (p as { test(s: string): boolean }) : undefined,
  };
}

export type RelationType = 'parent' | 'child' | 'ancestor' | 'descendant';

export interface RelationDef {
  /** The key as written (what getRelationNodes is called with). */
  key: string;
  type: RelationType;
  /** Project path of the related component (no extension), unless `target` says which. */
  path: string;
  target?: BehaviorDef;
  linked?: Fn;
  linkChanged?: Fn;
  unlinked?: Fn;
}

/** What Behavior() returns: an opaque definition object. */
export interface BehaviorDef {
  readonly __mpsimBehavior: true;
  readonly id: number;
  readonly raw: Record<string, unknown>;
  readonly behaviors: BehaviorDef[];
}

let behaviorIds = 0;

const TYPE_NAMES = new Set(['String', 'Number', 'Boolean', 'Object', 'Array']);

function typeOf(ctor: unknown): PropType {
  if (ctor === null || ctor === undefined) return null;
  if (typeof ctor === 'function' && TYPE_NAMES.has(ctor.name)) return ctor.name as PropType;
  return null;
}

export function defaultFor(type: PropType): unknown {
  switch (type) {
    case 'String':
      return '';
    case 'Number':
      return 0;
    case 'Boolean':
      return false;
    case 'Array':
      return [];
    default:
      return null;
  }
}

/** Normalizes `properties`: shorthand `name: String` or `{ type, value, observer, optionalTypes }`. */
function normalizeProps(raw: unknown): Record<string, PropDef> {
  const out: Record<string, PropDef> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, spec] of Object.entries(raw as Record<string, unknown>)) {
    if (spec === null || typeof spec === 'function') {
      const type = typeOf(spec);
      out[name] = { type, optionalTypes: [], value: defaultFor(type) };
      continue;
    }
    if (typeof spec === 'object') {
      const s = spec as Record<string, unknown>;
      const optionalTypes = Array.isArray(s.optionalTypes) ? s.optionalTypes.map(typeOf) : [];
      // An any-typed property with optionalTypes takes the first as its type (glass-easel behavior.ts).
      const type = typeOf(s.type) ?? optionalTypes.find((t) => t !== null) ?? null;
      out[name] = {
        type,
        optionalTypes,
        // `value: undefined` is no value: the type's fallback (glass-easel behavior.ts).
        value: s.value !== undefined ? s.value : defaultFor(type),
        observer: s.observer as PropDef['observer'],
      };
    }
  }
  return out;
}

/** Whether `v` is of property type `t` (glass-easel data_proxy.ts matchTypeWithValue). */
function matchesType(t: PropType, v: unknown): boolean {
  switch (t) {
    case 'String':
      return typeof v === 'string';
    case 'Number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'Boolean':
      return typeof v === 'boolean';
    case 'Object':
      return typeof v === 'object' && !Array.isArray(v);
    case 'Array':
      return Array.isArray(v);
    default:
      return v !== undefined;
  }
}

/**
 * Converts a value passed to a property to its declared type, following glass-easel's
 * convertValueToType (data_proxy.ts): an optional type that matches keeps the value; String
 * stringifies with String() (null/undefined → the type's fallback ''), Number takes what `isFinite` accepts
 * (else 0), Boolean is `!!v`, Array and Object keep matching values (else [] / null), an
 * any-typed property keeps everything but undefined.
 */
/**
 * The value a property takes when `v` is passed to it, as glass-easel normalises it
 * (behavior.ts property normalisation): a value of none of the accepted types becomes the
 * property's own default (a copy of its declared `value`), not the type's: `undefined` for a
 * `null`-typed property with `value: fn` keeps `fn` (vant's datetime-picker `formatter`).
 */
export function coerceProp(def: PropDef, v: unknown): unknown {
  for (const t of def.optionalTypes) if (t !== null && matchesType(t, v)) return v;
  const fallback = () => cloneData(def.value);
  switch (def.type) {
    case 'String':
      return v === null || v === undefined ? fallback() : String(v);
    case 'Number': {
      // The global isFinite's coercion: null → 0, '5' → 5, true → 1.
      const n = typeof v === 'symbol' ? NaN : Number(v);
      return Number.isFinite(n) ? n : fallback();
    }
    case 'Boolean':
      return !!v;
    case 'Array':
      return Array.isArray(v) ? v : fallback();
    case 'Object':
      return typeof v === 'object' ? v : fallback();
    default:
      return v === undefined ? fallback() : v;
  }
}

const PAGE_HOOKS = new Set([
  'onLoad',
  'onShow',
  'onReady',
  'onHide',
  'onUnload',
  'onRouteDone',
  'onPullDownRefresh',
  'onReachBottom',
  'onShareAppMessage',
  'onShareTimeline',
  'onAddToFavorites',
  'onPageScroll',
  'onResize',
  'onTabItemTap',
  'onSaveExitState',
]);

export function isPageHook(name: string): boolean {
  return PAGE_HOOKS.has(name);
}

export function makeBehavior(raw: unknown): BehaviorDef {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  applyDefinitionFilters(r);
  return Object.freeze({ __mpsimBehavior: true as const, id: ++behaviorIds, raw: r, behaviors: behaviorList(r.behaviors) });
}

export function isBehavior(v: unknown): v is BehaviorDef {
  return !!v && typeof v === 'object' && (v as BehaviorDef).__mpsimBehavior === true;
}

/**
 * The client's built-in behaviors, named by string in `behaviors`:
 * `wx://form-field` gives the `name` and `value` properties a form reads (vant's
 * checkbox/radio/field carry their `name` through it); `wx://form-field-group`,
 * `wx://form-field-button` and `wx://component-export` add no fields (the latter
 * turns on the definition's `export()` for selectComponent).
 */
const BUILTIN_BEHAVIORS: Record<string, BehaviorDef> = Object.fromEntries(
  (
    [
      ['wx://form-field', { properties: { name: { type: String, value: '' }, value: { type: null, value: null } } }],
      ['wx://form-field-group', {}],
      ['wx://form-field-button', {}],
      ['wx://component-export', {}],
    ] as Array<[string, Record<string, unknown>]>
  ).map(([name, raw]) => [name, { __mpsimBehavior: true as const, id: ++behaviorIds, raw, behaviors: [] }]),
);

/** Behavior objects and built-in behavior names of a `behaviors` list (anything else is ignored). */
function behaviorList(list: unknown): BehaviorDef[] {
  if (!Array.isArray(list)) return [];
  return list.map((b) => (typeof b === 'string' ? BUILTIN_BEHAVIORS[b] : b)).filter(isBehavior);
}

/** Whether a definition includes the built-in behavior `name` (`wx://component-export`, ...). */
export function hasBuiltinBehavior(def: { behaviors: BehaviorDef[] }, name: string): boolean {
  const b = BUILTIN_BEHAVIORS[name];
  return !!b && def.behaviors.includes(b);
}

/** Flattens behaviors depth-first, each once, in the order the client applies them. */
function flattenBehaviors(list: BehaviorDef[], seen = new Set<number>(), out: BehaviorDef[] = []): BehaviorDef[] {
  for (const b of list) {
    if (seen.has(b.id)) continue;
    seen.add(b.id);
    flattenBehaviors(b.behaviors, seen, out);
    out.push(b);
  }
  return out;
}

function pushLife(target: Record<string, Fn[]>, name: string, fn: unknown): void {
  if (typeof fn !== 'function') return;
  (target[name] ??= []).push(fn as Fn);
}

const COMPONENT_LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];

/** Applies one Component()/Behavior() option object onto a definition being built. */
function applyComponentOptions(def: Definition, r: Record<string, unknown>): void {
  Object.assign(def.properties, normalizeProps(r.properties));
  if (r.data && typeof r.data === 'object') Object.assign(def.data, r.data);
  if (r.methods && typeof r.methods === 'object')
    for (const [k, v] of Object.entries(r.methods as Record<string, unknown>)) if (typeof v === 'function') def.methods[k] = v as Fn;
  const lifetimes = (r.lifetimes && typeof r.lifetimes === 'object' ? r.lifetimes : {}) as Record<string, unknown>;
  for (const name of COMPONENT_LIFETIMES) {
    // `lifetimes.x` wins over the old top-level `x` (research §8.6).
    pushLife(def.lifetimes, name, name in lifetimes ? lifetimes[name] : r[name]);
  }
  const pl = (r.pageLifetimes && typeof r.pageLifetimes === 'object' ? r.pageLifetimes : {}) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(pl)) pushLife(def.pageLifetimes, name, fn);
  if (r.observers && typeof r.observers === 'object')
    for (const [fields, fn] of Object.entries(r.observers as Record<string, unknown>))
      if (typeof fn === 'function') def.observers.push({ fields, fn: fn as Fn });
  if (Array.isArray(r.externalClasses)) def.externalClasses.push(...r.externalClasses.map(String));
  if (r.relations && typeof r.relations === 'object')
    for (const [key, spec] of Object.entries(r.relations as Record<string, unknown>)) {
      if (!spec || typeof spec !== 'object') continue;
      const sp = spec as Record<string, unknown>;
      const type = sp.type;
      if (type !== 'parent' && type !== 'child' && type !== 'ancestor' && type !== 'descendant') continue;
      const fn = (v: unknown) => (typeof v === 'function' ? (v as Fn) : undefined);
      // A later definition of the same key (the component's own after its behaviors') wins.
      const i = def.relations.findIndex((x) => x.key === key);
      if (i >= 0) def.relations.splice(i, 1);
      def.relations.push({
        key,
        type,
        path: resolveComponentPath(def.path, key),
        target: isBehavior(sp.target) ? sp.target : undefined,
        linked: fn(sp.linked),
        linkChanged: fn(sp.linkChanged),
        unlinked: fn(sp.unlinked),
      });
    }
}

/** A relation key (`./child`, `../group/index`, `/components/x`) as a project path from `from`'s folder. */
export function resolveComponentPath(from: string, key: string): string {
  const parts = key.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of key.replace(/\.js$/, '').split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function emptyDefinition(path: string, kind: 'page' | 'component'): Definition {
  return {
    path,
    kind,
    properties: {},
    data: {},
    methods: {},
    lifetimes: {},
    pageLifetimes: {},
    observers: [],
    extraFields: {},
    behaviors: [],
    options: {},
    externalClasses: [],
    relations: [],
    generics: {},
  };
}

/**
 * `definitionFilter`: when a Component()/Behavior() lists behavior B, B's
 * definitionFilter runs on that definition object (before it is read), with the
 * definitionFilters of the behaviors B itself lists as the second argument (B decides
 * whether to call them) — the client's documented order.
 */
function applyDefinitionFilters(raw: Record<string, unknown>): void {
  for (const b of behaviorList(raw.behaviors)) {
    const filter = b.raw.definitionFilter;
    if (typeof filter !== 'function') continue;
    const inner = b.behaviors.map((x) => x.raw.definitionFilter).filter((f): f is Fn => typeof f === 'function');
    (filter as Fn).call(b.raw, raw, inner);
  }
}

/** Component({...}) → Definition (also used when a Component builds a page). */
export function defineComponent(path: string, raw: unknown, asPage: boolean): Definition {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  applyDefinitionFilters(r);
  const def = emptyDefinition(path, asPage ? 'page' : 'component');
  const behaviors = flattenBehaviors(behaviorList(r.behaviors));
  def.behaviors = behaviors;
  for (const b of behaviors) applyComponentOptions(def, b.raw);
  applyComponentOptions(def, r);
  if (typeof r.export === 'function') def.exportFn = r.export as Fn;
  if (r.options && typeof r.options === 'object') def.options = r.options as Record<string, unknown>;
  if (asPage) {
    // A Component acting as a page keeps its page hooks in `methods` (research §8.6).
    for (const [k, v] of Object.entries(def.methods)) if (isPageHook(k)) pushLife(def.lifetimes, k, v);
  }
  return def;
}

/** Page({...}) → Definition: hooks and methods are top-level fields. */
export function definePage(path: string, raw: unknown): Definition {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  applyDefinitionFilters(r);
  const def = emptyDefinition(path, 'page');
  const behaviors = flattenBehaviors(behaviorList(r.behaviors));
  def.behaviors = behaviors;
  for (const b of behaviors) applyComponentOptions(def, b.raw);
  for (const [k, v] of Object.entries(r)) {
    if (k === 'data' || k === 'behaviors' || k === 'options') continue;
    if (typeof v === 'function') {
      // Hooks stay callable as `this.onLoad()` too, as on the client.
      def.methods[k] = v as Fn;
      if (isPageHook(k)) pushLife(def.lifetimes, k, v);
    } else def.extraFields[k] = v;
  }
  if (r.data && typeof r.data === 'object') Object.assign(def.data, r.data);
  return def;
}
