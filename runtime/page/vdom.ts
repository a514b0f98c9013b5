/**
 * Rendering WXML into happy-dom: a template + data scope becomes a light
 * virtual tree (VNode), which is diffed against the previous tree and patched
 * into the DOM. Lists are diffed by `wx:key` (moves, not rebuilds), so a
 * setData on a 1,000-row list touches only the rows that changed.
 *
 * Directives: wx:if / wx:elif / wx:else, wx:for (+ wx:for-item, wx:for-index,
 * wx:key, `*this`), <block>, <template name/is data>, <import>, <include>,
 * <slot> (default and named). Built-in components render as elements of the
 * same tag name (`<view>`, `<button>`, `<input>` ...) carrying their attributes;
 * custom components render as an element named by their tag with their own
 * template inside (no shadow root, so `page.$` reaches into them).
 */
import type { Document, Element, HTMLInputElement, Node, Text } from 'happy-dom';
import {
  attrText,
  compileInterpolation,
  evaluateInterpolation,
  ExpressionError,
  toText,
  type Interpolation,
  type Scope,
} from './expression';
import { attr, findTemplate, type TemplateFile, type TemplateLoader } from './template';
import { WxmlSyntaxError, type WxmlAttr, type WxmlElement, type WxmlNode, type WxmlText } from './wxml-parser';

/** An event binding as written: `bindtap`, `catch:tap`, `capture-bind:tap`, `mut-bind:tap`. */
export interface EventBinding {
  type: string;
  capture: boolean;
  catch: boolean;
  mut: boolean;
  /** Method name on the owner instance. */
  handler: string;
}

/** What the renderer needs from a component instance (implemented by Instance). */
export interface RenderOwner {
  /** Custom component definition for a tag used in this owner's template (usingComponents). */
  componentFor(tag: string): unknown;
}

export interface VElement {
  k: 'el';
  tag: string;
  key?: string;
  /**
   * The template node this was rendered from. Unkeyed nodes are matched across renders by
   * (source, occurrence) — as the client's static template tree does — not by flat position:
   * content after a wx:for or a wx:if keeps its identity (component state, DOM) when the list
   * or the branch before it changes length.
   */
  src?: object;
  attrs: Record<string, string>;
  dataset: Record<string, unknown>;
  events: EventBinding[];
  children: VNode[];
  owner: RenderOwner;
  /** Raw `value` of form controls (set as a DOM property, not only an attribute). */
  value?: unknown;
  /** `model:<attr>="{{path}}"` two-way bindings: attribute → data path in the owner. */
  models?: Record<string, string>;
  /** Every attribute as written (directives excepted) with its evaluated, unstringified value. */
  written?: WrittenAttr[];
  dom?: Element;
}

/** An attribute as written in the template (event bindings included), value evaluated, not stringified. */
export interface WrittenAttr {
  name: string;
  value: unknown;
}

export interface VText {
  k: 'text';
  text: string;
  /** See VElement.src. */
  src?: object;
  dom?: Text;
}

export interface VComponent {
  k: 'comp';
  tag: string;
  def: unknown;
  key?: string;
  /** See VElement.src. */
  src?: object;
  attrs: Record<string, string>;
  dataset: Record<string, unknown>;
  events: EventBinding[];
  /** Property values passed by the parent (camelCased names). */
  props: Record<string, unknown>;
  /** Children rendered in the parent's scope, for the component's <slot>s. */
  slot: VNode[];
  owner: RenderOwner;
  /** `model:<prop>="{{path}}"` two-way bindings: attribute → data path in the owner (the child's setData writes back). */
  models?: Record<string, string>;
  /** The component instance (created by the mounter). */
  instance?: unknown;
  /** Every attribute as written (directives excepted) with its evaluated, unstringified value. */
  written?: WrittenAttr[];
  dom?: Element;
}

export type VNode = VElement | VText | VComponent;

/** Creates, updates and removes component instances while patching. */
export interface ComponentMounter {
  /** Builds the instance for a new component node, renders it into `host`. */
  create(v: VComponent, host: Element): void;
  /** Moves the instance from `old` to `v`, applies new properties / slot content. */
  update(old: VComponent, v: VComponent): void;
  /** The node is leaving the tree. */
  destroy(v: VComponent): void;
  /** DOM tag name of a node (default: its template tag; mpsim/simulate uses exparser's `wx-view`). */
  domTag?(v: VElement | VComponent): string;
  /** The DOM value of an attribute, undefined to leave it out (default: as rendered; mpsim/simulate writes exparser's DOM). */
  domAttr?(v: VElement | VComponent, name: string, value: string): string | undefined;
}

export interface RenderContext {
  owner: RenderOwner;
  file: TemplateFile;
  loader: TemplateLoader;
  /** Slot content of the host (when rendering a component's template). */
  slot?: VNode[];
  /** The `<wxs>` modules of a template file, by module name. */
  wxs?: (file: TemplateFile) => Record<string, unknown>;
  /**
   * Set when the component does not declare `options.multipleSlots`: the first `<slot>`
   * (whatever its name) receives every slot child, later ones nothing (glass-easel's single slot mode).
   */
  singleSlot?: { taken: boolean };
  /** Filled with the slot content a `<slot>` of this render placed (the rest is held unslotted). */
  slotted?: Set<VNode>;
}

const ipCache = new WeakMap<WxmlAttr | WxmlText, Interpolation | null>();

function interp(node: WxmlAttr | WxmlText, file: string): Interpolation | null {
  let ip = ipCache.get(node);
  if (ip !== undefined) return ip;
  const text = 'kind' in node ? node.text : node.value;
  try {
    ip = typeof text === 'string' ? (compileInterpolation(text) ?? null) : null;
  } catch (err) {
    if (err instanceof ExpressionError) throw new WxmlSyntaxError(file, node.line, node.col, err.message);
    throw err;
  }
  ipCache.set(node, ip);
  return ip;
}

/** Compiles every expression of a file up front, so a bad one fails at load with its position. */
export function validateTemplate(tf: TemplateFile): void {
  const walk = (nodes: WxmlNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'text') interp(n, tf.file);
      else {
        for (const a of n.attrs) interp(a, tf.file);
        if (n.tag !== 'wxs') walk(n.children);
      }
    }
  };
  walk(tf.nodes);
}

function attrValue(a: WxmlAttr, scope: Scope, file: string): unknown {
  if (a.value === true) return true;
  const ip = interp(a, file);
  return ip ? evaluateInterpolation(ip, scope) : a.value;
}

function makeScope(parent: Scope | null, vars: Record<string, unknown>): Scope {
  const s = Object.create(parent) as Scope;
  for (const k of Object.keys(vars)) s[k] = vars[k];
  return s;
}

/** The base scope for a data object: a null-prototype copy (lookups never reach a prototype); WXS modules on top. */
export function baseScope(data: Record<string, unknown>, modules?: Record<string, unknown>): Scope {
  const s = makeScope(null, data);
  return modules && Object.keys(modules).length ? makeScope(s, modules) : s;
}

const EVENT_ATTR = /^(capture-bind|capture-catch|mut-bind|bind|catch)(?::)?([A-Za-z][\w-]*)$/;

/** `data-foo-bar` → `fooBar`; upper case letters are lower-cased first, as the client does. */
export function datasetName(attrName: string): string {
  return attrName
    .slice(5)
    .toLowerCase()
    .replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `my-prop` → `myProp` (property names in attributes). */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const DIRECTIVES = new Set(['wx:if', 'wx:elif', 'wx:else', 'wx:for', 'wx:for-items', 'wx:for-item', 'wx:for-index', 'wx:key']);

/** Renders a node list in a scope (handles if-chains among siblings). */
export function renderNodes(nodes: WxmlNode[], scope: Scope, ctx: RenderContext, out: VNode[]): void {
  let chainOpen = false; // an if-chain whose branch is not yet taken
  let inChain = false;
  for (const n of nodes) {
    if (n.kind === 'text') {
      // Indentation between an if and its elif/else does not break the chain.
      if (isLayoutWhitespace(n.text)) continue;
      inChain = false;
      renderText(n, scope, ctx, out);
      continue;
    }
    const ifA = n.attrs.find((a) => a.name === 'wx:if');
    const elifA = ifA ? undefined : n.attrs.find((a) => a.name === 'wx:elif');
    const elseA = ifA || elifA ? undefined : n.attrs.find((a) => a.name === 'wx:else');
    const forA = n.attrs.find((a) => a.name === 'wx:for' || a.name === 'wx:for-items');
    if ((elifA || elseA) && !inChain) {
      throw new WxmlSyntaxError(ctx.file.file, n.line, n.col, `${elifA ? 'wx:elif' : 'wx:else'} must follow a wx:if or wx:elif sibling`);
    }
    if (forA) {
      // wx:for applies before wx:if: the condition is evaluated per item.
      inChain = false;
      renderFor(n, forA, scope, ctx, out);
      continue;
    }
    if (ifA) {
      inChain = true;
      const ok = !!attrValue(ifA, scope, ctx.file.file);
      chainOpen = !ok;
      if (ok) renderElement(n, scope, ctx, out);
      continue;
    }
    if (elifA) {
      if (chainOpen && attrValue(elifA, scope, ctx.file.file)) {
        chainOpen = false;
        renderElement(n, scope, ctx, out);
      }
      continue;
    }
    if (elseA) {
      inChain = false;
      if (chainOpen) renderElement(n, scope, ctx, out);
      chainOpen = false;
      continue;
    }
    inChain = false;
    renderElement(n, scope, ctx, out);
  }
}

/** Indentation between tags (whitespace with a line break) is not content. */
function isLayoutWhitespace(text: string): boolean {
  return /^\s*$/.test(text) && text.includes('\n');
}

function renderText(n: WxmlText, scope: Scope, ctx: RenderContext, out: VNode[]): void {
  const ip = interp(n, ctx.file.file);
  const text = ip ? toText(evaluateInterpolation(ip, scope)) : n.text;
  out.push({ k: 'text', text, src: n });
}

/** A wx:for element without its wx:for: one object per template node, so items keep a stable source. */
const forItems = new WeakMap<WxmlElement, WxmlElement>();

function renderFor(n: WxmlElement, forA: WxmlAttr, scope: Scope, ctx: RenderContext, out: VNode[]): void {
  const raw = attrValue(forA, scope, ctx.file.file);
  const itemName = (attr(n, 'wx:for-item') as string | undefined) || 'item';
  const indexName = (attr(n, 'wx:for-index') as string | undefined) || 'index';
  const keyAttr = attr(n, 'wx:key');
  let entries: Array<[unknown, unknown]>;
  // The client iterates arrays, strings (characters), numbers (0..n-1) and objects (values, key as index).
  if (Array.isArray(raw)) entries = raw.map((v, i) => [v, i]);
  else if (typeof raw === 'string') entries = [...raw].map((v, i) => [v, i]);
  else if (typeof raw === 'number') entries = Array.from({ length: Math.max(0, Math.floor(raw)) }, (_, i) => [i, i]);
  else if (raw && typeof raw === 'object') entries = Object.keys(raw).map((k) => [(raw as Record<string, unknown>)[k], k]);
  else entries = [];
  let stripped = forItems.get(n);
  if (!stripped) {
    stripped = { ...n, attrs: n.attrs.filter((a) => a.name !== 'wx:for' && a.name !== 'wx:for-items') };
    forItems.set(n, stripped);
  }
  const seen = new Set<string>();
  for (const [item, index] of entries) {
    const itemScope = makeScope(scope, { [itemName]: item, [indexName]: index });
    let key: string | undefined;
    if (typeof keyAttr === 'string' && keyAttr) {
      const raw = keyAttr === '*this' ? item : item && typeof item === 'object' ? (item as Record<string, unknown>)[keyAttr] : undefined;
      key = typeof raw === 'object' ? undefined : String(raw);
      // Duplicate keys: the client warns and falls back to position; so do we.
      if (key !== undefined && seen.has(key)) key = undefined;
      if (key !== undefined) seen.add(key);
    }
    const start = out.length;
    renderNodes([stripped], itemScope, ctx, out);
    if (key !== undefined) for (let i = start; i < out.length; i++) keyNode(out[i], i === start ? key : `${key}\u0000${i - start}`);
  }
}

function keyNode(v: VNode, key: string): void {
  if (v.k !== 'text') v.key = key;
}

function renderElement(n: WxmlElement, scope: Scope, ctx: RenderContext, out: VNode[]): void {
  const file = ctx.file.file;
  switch (n.tag) {
    case 'block':
      renderNodes(n.children, scope, ctx, out);
      return;
    case 'template': {
      const name = attr(n, 'name');
      if (typeof name === 'string') return; // a definition renders nothing where it stands
      const isA = n.attrs.find((a) => a.name === 'is');
      if (!isA) throw new WxmlSyntaxError(file, n.line, n.col, '<template> needs "name" or "is"');
      const tplName = textOrEmpty(attrValue(isA, scope, file));
      const found = findTemplate(ctx.file, tplName);
      if (!found) return; // the client renders nothing (and warns) for an unknown template
      const dataA = n.attrs.find((a) => a.name === 'data');
      let data = dataA ? attrValue(dataA, scope, file) : undefined;
      // `data="{{item}}"` is shorthand for `{{ item: item }}` (template data is always an object).
      const ip = dataA && dataA.value !== true ? interp(dataA, file) : null;
      const only = ip?.single ? (ip.parts[0] as { t: string; name?: string }) : undefined;
      if (only?.t === 'id' && only.name) data = { [only.name]: data };
      // A template sees the WXS modules of the file that defines it, and its data.
      const modules = ctx.wxs ? ctx.wxs(found.file) : {};
      const tplScope = makeScope(makeScope(null, modules), data && typeof data === 'object' ? (data as Record<string, unknown>) : {});
      renderNodes(found.el.children, tplScope, { ...ctx, file: found.file }, out);
      return;
    }
    case 'import':
    case 'wxs':
      return;
    case 'include': {
      const inc = ctx.loader.include(ctx.file, n);
      renderNodes(inc.nodes, scope, { ...ctx, file: inc.file }, out);
      return;
    }
    case 'slot': {
      if (!ctx.slot) return;
      const place = (v: VNode) => {
        out.push(v);
        ctx.slotted?.add(v);
      };
      if (ctx.singleSlot) {
        if (!ctx.singleSlot.taken) for (const v of ctx.slot) place(v);
        ctx.singleSlot.taken = true;
        return;
      }
      const name = attr(n, 'name');
      const want = typeof name === 'string' ? name : '';
      for (const v of ctx.slot) if (slotName(v) === want) place(v);
      return;
    }
  }
  const attrs: Record<string, string> = {};
  const dataset: Record<string, unknown> = {};
  const events: EventBinding[] = [];
  const props: Record<string, unknown> = {};
  let value: unknown;
  let models: Record<string, string> | undefined;
  const written: WrittenAttr[] = [];
  const def = ctx.owner.componentFor(n.tag);
  for (const a of n.attrs) {
    if (DIRECTIVES.has(a.name)) continue;
    const ev = EVENT_ATTR.exec(a.name);
    if (ev) {
      const bound = attrValue(a, scope, file);
      const handler = textOrEmpty(bound);
      written.push({ name: a.name, value: bound });
      if (!handler) continue;
      const kind = ev[1];
      events.push({ type: ev[2], capture: kind.startsWith('capture'), catch: kind.endsWith('catch'), mut: kind === 'mut-bind', handler });
      continue;
    }
    let name = a.name;
    // `change:prop="{{wxs.fn}}"`: a WXS observer of a property (the client calls it with a
    // ComponentDescriptor); not an attribute. Not run by mpsim (docs/pages.md).
    if (name.startsWith('change:')) continue;
    if (name.startsWith('model:')) {
      // Two-way binding: renders like the plain attribute; the user's edits write the path back.
      name = name.slice(6);
      const m = typeof a.value === 'string' ? /^\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*\}\}$/.exec(a.value) : null;
      if (!m) throw new WxmlSyntaxError(file, a.line, a.col, `${a.name} must bind a plain data path, like model:value="{{name}}"`);
      models = { ...(models ?? {}), [name]: m[1] };
    }
    const v = attrValue(a, scope, file);
    written.push({ name, value: v });
    if (name.startsWith('data-')) {
      dataset[datasetName(name)] = v;
      if (v !== false && v !== undefined && v !== null) attrs[name] = attrText(name, v);
      continue;
    }
    if (def && name !== 'id' && name !== 'class' && name !== 'style' && name !== 'slot' && name !== 'hidden') {
      props[camelCase(name)] = v === true ? true : v;
      continue;
    }
    if (name === 'value') value = v;
    if (v === false || v === undefined || v === null) continue;
    attrs[name] = attrText(name, v);
  }
  if (def) {
    const slot: VNode[] = [];
    renderNodes(n.children, scope, ctx, slot);
    const comp: VComponent = { k: 'comp', tag: n.tag, src: n, def, attrs, dataset, events, props, slot, owner: ctx.owner, written };
    if (models) comp.models = models;
    out.push(comp);
    return;
  }
  const children: VNode[] = [];
  renderNodes(n.children, scope, ctx, children);
  const el: VElement = { k: 'el', tag: n.tag, src: n, attrs, dataset, events, children, owner: ctx.owner, written };
  if (value !== undefined) el.value = value;
  if (models) el.models = models;
  out.push(el);
}

/** A handler name, template name or form value: `null` is none (not "null"). */
function textOrEmpty(v: unknown): string {
  return v === null ? '' : toText(v);
}

function slotName(v: VNode): string {
  if (v.k === 'text') return '';
  return v.attrs.slot ?? '';
}

// ---------------------------------------------------------------- patching

/** Per-element render info for event dispatch (dataset with raw values, bindings, owner). */
export const elementInfo = new WeakMap<Element, VElement | VComponent>();

function sameNode(a: VNode, b: VNode): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'text') return true;
  const bb = b as VElement | VComponent;
  if (a.tag !== bb.tag || a.key !== bb.key) return false;
  return a.k !== 'comp' || a.def === (bb as VComponent).def;
}

/**
 * Nodes taken out of the tree during the current patch pass, destroyed when the pass ends unless
 * placed again meanwhile: slot content the owner handed over unchanged can move between the
 * component's slots (a `<slot wx:if>` / `<slot wx:else>` pair) and keeps its DOM and instances,
 * as on the client, where moving between slots only changes the composed tree.
 */
let removed: VNode[] | null = null;
const placed = new Set<VNode>();

/** New slot content → the node it replaces (same template source and key or occurrence), wherever that one sits. */
const adoptions = new WeakMap<VNode, VNode>();

/**
 * Pairs a component's new slot content with the content it had (same template source, then
 * key or occurrence): the component's render patches each pair even when the node lands in
 * another `<slot>` than before, so the content keeps its DOM and instances.
 */
export function adoptSlot(oldSlot: VNode[], newSlot: VNode[]): void {
  if (oldSlot === newSlot || oldSlot.length === 0) return;
  const index = new SourceIndex(oldSlot);
  for (const v of newSlot) {
    const j = index.find(v);
    const o = j === undefined ? undefined : oldSlot[j];
    if (o && o !== v && sameNode(o, v)) adoptions.set(v, o);
  }
}

/**
 * Old nodes by where they were rendered from: keyed ones by (template source, tag, key), the
 * rest by (template source, occurrence) — the n-th node from a template node matches the n-th.
 */
class SourceIndex {
  private readonly keyed = new Map<unknown, Map<string, number>>();
  private readonly unkeyed = new Map<unknown, number[]>();
  private readonly seen = new Map<unknown, number>();

  constructor(old: VNode[]) {
    old.forEach((o, i) => {
      if (o.k !== 'text' && o.key !== undefined) {
        let m = this.keyed.get(o.src);
        if (!m) this.keyed.set(o.src, (m = new Map()));
        m.set(`${o.tag}\u0000${o.key}`, i);
      } else {
        const list = this.unkeyed.get(o.src);
        if (list) list.push(i);
        else this.unkeyed.set(o.src, [i]);
      }
    });
  }

  /** Index of the old node `v` corresponds to; call once per new node, in order (occurrences are counted). */
  find(v: VNode): number | undefined {
    if (v.k !== 'text' && v.key !== undefined) return this.keyed.get(v.src)?.get(`${v.tag}\u0000${v.key}`);
    const n = this.seen.get(v.src) ?? 0;
    this.seen.set(v.src, n + 1);
    return this.unkeyed.get(v.src)?.[n];
  }
}

function createDom(v: VNode, doc: Document, mounter: ComponentMounter): Node {
  if (removed) {
    // Live content rendered before (slot content handed over again): moved, not rebuilt.
    if (v.dom) {
      placed.add(v);
      return v.dom;
    }
    // Slot content replacing content rendered in another place of this component: moved and patched.
    const adopted = adoptions.get(v);
    if (adopted?.dom && !placed.has(adopted)) {
      placed.add(adopted);
      patchNode(adopted, v, doc, mounter);
      return v.dom!;
    }
  }
  if (v.k === 'text') {
    v.dom = doc.createTextNode(v.text);
    return v.dom;
  }
  const el = doc.createElement(mounter.domTag ? mounter.domTag(v) : v.tag);
  for (const name of Object.keys(v.attrs)) {
    const value = mounter.domAttr ? mounter.domAttr(v, name, v.attrs[name]) : v.attrs[name];
    if (value !== undefined) el.setAttribute(name, value);
  }
  v.dom = el;
  elementInfo.set(el, v);
  if (v.k === 'comp') {
    mounter.create(v, el);
    return el;
  }
  if (v.value !== undefined) setValue(el, v.value);
  for (const c of v.children) el.appendChild(createDom(c, doc, mounter));
  return el;
}

function setValue(el: Element, value: unknown): void {
  const text = textOrEmpty(value);
  if ('value' in el && (el as HTMLInputElement).value !== text) (el as HTMLInputElement).value = text;
}

function patchAttrs(
  el: Element,
  oldA: Record<string, string>,
  newA: Record<string, string>,
  dom?: (name: string, value: string) => string | undefined,
): void {
  for (const name of Object.keys(oldA)) if (!(name in newA)) el.removeAttribute(name);
  for (const name of Object.keys(newA)) {
    if (oldA[name] === newA[name]) continue;
    const value = dom ? dom(name, newA[name]) : newA[name];
    if (value !== undefined) el.setAttribute(name, value);
  }
}

function patchNode(old: VNode, v: VNode, doc: Document, mounter: ComponentMounter): void {
  if (old === v) return;
  if (v.k === 'text') {
    const o = old as VText;
    v.dom = o.dom;
    if (o.text !== v.text) o.dom!.data = v.text;
    return;
  }
  const o = old as VElement | VComponent;
  const el = o.dom!;
  v.dom = el;
  elementInfo.set(el, v);
  patchAttrs(el, o.attrs, v.attrs, mounter.domAttr && ((name, value) => mounter.domAttr!(v, name, value)));
  if (v.k === 'comp') {
    mounter.update(o as VComponent, v);
    return;
  }
  if (v.value !== undefined && v.value !== (o as VElement).value) setValue(el, v.value);
  patchChildren(el, (o as VElement).children, v.children, doc, mounter);
}

function destroyNode(v: VNode, mounter: ComponentMounter): void {
  // Content placed again in this pass (moved to another slot) lives on.
  if (v.k === 'text' || placed.has(v)) return;
  if (v.k === 'comp') {
    // Its slot content (written by the owner, instances owned by the owner) leaves with it: the
    // content's components are detached too, whether or not a <slot> of the component showed them.
    for (const c of v.slot) destroyNode(c, mounter);
    mounter.destroy(v);
    return;
  }
  for (const c of v.children) destroyNode(c, mounter);
}

/**
 * Patches `parent`'s children from `oldCh` to `newCh`: keyed nodes are matched by
 * source and key, unkeyed ones by source and occurrence (the n-th node rendered from a
 * template node matches the n-th one last time; slot content handed over unchanged is
 * the same object); matched DOM is reused and moved into place, unmatched old nodes are
 * removed (their components detached).
 */
export function patchChildren(parent: Element, oldCh: VNode[], newCh: VNode[], doc: Document, mounter: ComponentMounter): void {
  if (oldCh === newCh) return;
  patchPass(mounter, () => patchChildrenInPass(parent, oldCh, newCh, doc, mounter));
}

/**
 * Runs `fn` (patches) as one pass: nodes it removes are destroyed at the end unless placed
 * again meanwhile (content moving between a component's slots, or into / out of its unslotted
 * holder). Nested calls join the outer pass.
 */
export function patchPass(mounter: ComponentMounter, fn: () => void): void {
  if (removed) {
    fn();
    return;
  }
  removed = [];
  try {
    fn();
  } finally {
    const gone = removed;
    removed = null;
    for (const o of gone) {
      if (placed.has(o)) continue;
      destroyNode(o, mounter);
      o.dom = undefined;
    }
    placed.clear();
  }
}

/**
 * Unslotted holders: slot content no `<slot>` of its component shows (a closed popup's content)
 * still exists, as on the client, where a host's children live in the owner's tree whether or not
 * they are composed. It is kept in an element outside the document (not rendered, not seen by page
 * queries), mapped here to the host element it belongs to.
 */
export const holderHost = new WeakMap<Element, Element>();

function patchChildrenInPass(parent: Element, oldCh: VNode[], newCh: VNode[], doc: Document, mounter: ComponentMounter): void {
  const index = new SourceIndex(oldCh);
  const self = new Map<VNode, number>(oldCh.map((o, i) => [o, i]));
  const used = new Uint8Array(oldCh.length);
  const doms: Node[] = new Array(newCh.length);
  for (let i = 0; i < newCh.length; i++) {
    const v = newCh[i];
    const j = index.find(v);
    // Slot content handed over unchanged is the same object; anything else matches by source.
    let match = self.get(v) ?? -1;
    if (match >= 0 && used[match]) match = -1;
    if (match < 0 && j !== undefined && !used[j] && sameNode(oldCh[j], v)) match = j;
    if (match >= 0) {
      used[match] = 1;
      placed.add(v);
      patchNode(oldCh[match], v, doc, mounter);
      doms[i] = v.dom!;
    } else doms[i] = createDom(v, doc, mounter);
  }
  for (let j = 0; j < oldCh.length; j++) {
    if (used[j]) continue;
    const o = oldCh[j];
    if (o.dom && o.dom.parentNode === parent) parent.removeChild(o.dom);
    removed!.push(o);
  }
  let ref: Node | null = parent.firstChild;
  for (const d of doms) {
    if (d === ref) ref = ref.nextSibling;
    else parent.insertBefore(d, ref);
  }
}
