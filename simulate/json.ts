/**
 * `toJSON()` of miniprogram-simulate (j-component's tree shape): every element
 * as `{ tagName, attrs: [{ name, value }], event: { [name]: binding }, children }`,
 * text as strings, marked with `Symbol.for('j-component.json')` for the
 * snapshot serializer.
 *
 * Shape, as j-component builds it from the official compiler's output:
 * - tag names: built-in components get a `wx-` prefix (`wx-view`); a custom
 *   component shows the tag name it was loaded under (`load(path, tagName)`;
 *   `main` when none was given), an unknown tag its own name;
 * - attrs: every attribute as written except event bindings, names camelCased
 *   (`hover-class` → `hoverClass`) except `data-*`, values unstringified
 *   (`{{true}}`, `{{0}}`, `{{null}}`), `undefined` as `''`; on a custom
 *   component the attributes that are its properties are left out;
 * - event: one entry per bound event name (`bind:tap`, `catch:x`, `capture-bind:x`, `mut-bind:x`);
 * - children: the composed tree — a component's own template with the slot
 *   content it received in place; `<block>`, `<slot>`, `<template>` and
 *   `<include>` leave no node of their own.
 */
import type { Element, Node } from 'happy-dom';
import { elementInfo, type VComponent, type VElement, type WrittenAttr } from '../runtime/page/vdom';
import type { Definition } from '../runtime/page/definition';

export const JSON_SYMBOL = Symbol.for('j-component.json');

export interface EventJSON {
  name: string;
  handler: unknown;
  isCapture: boolean;
  isMutated: boolean;
  isCatch: boolean;
}

export interface NodeJSON {
  tagName: string;
  attrs: Array<{ name: string; value: unknown }>;
  event: Record<string, EventJSON>;
  children: Array<NodeJSON | string>;
}

/** Built-in tags j-component and miniprogram-simulate show with a `wx-` prefix (the two lists combined). */
const WX_PREFIXED = new Set(
  (
    'view scroll-view swiper movable-view cover-view icon text rich-text progress button checkbox form input label picker picker-view radio slider switch textarea navigator function-page-navigator audio image video camera live-player live-pusher map canvas open-data web-view ad ' +
    'cover-image grid-view list-view match-media movable-area page-container root-portal share-element sticky-header sticky-section swiper-item editor keyboard-accessory checkbox-group picker-view-column radio-group functional-page-navigator channel-live channel-video voip-room ad-custom official-account navigation-bar page-meta'
  ).split(' '),
);

const EVENT_NAME = /^(capture-)?(mut-)?(bind|catch)(?::)?(.+)$/;

/** The official compiler camelCases attribute names (`hover-class` → `hoverClass`); names not starting with a letter stay. */
function camel(name: string): string {
  return /^[a-zA-Z]/.test(name) ? name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : name;
}

/** Class names of a class value as rendered: an array (`class="{{[a, b]}}"`) gives its items. */
export function classList(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .flat(Infinity)
      .filter((x) => x !== null && x !== undefined && x !== false && x !== '')
      .map(String);
  return String(value ?? '')
    .split(/\s+/)
    .filter(Boolean);
}

/** How the tree is labelled: component tag names and root attributes. */
export interface JsonContext {
  /** Tag name a custom component was registered under (undefined: show the template's tag). */
  tagNameOf(def: Definition): string | undefined;
}

function mark(node: Omit<NodeJSON, never>): NodeJSON {
  Object.defineProperty(node, '$$typeof', { get: () => JSON_SYMBOL, enumerable: false });
  return node;
}

/** Attributes and event bindings of a rendered node, as j-component lists them. */
export function splitWritten(written: WrittenAttr[] | undefined, properties?: Record<string, unknown>) {
  const attrs: NodeJSON['attrs'] = [];
  const event: Record<string, EventJSON> = {};
  const sorted = [...(written ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, value } of sorted) {
    const ev = EVENT_NAME.exec(name);
    if (ev && typeof value === 'function') {
      // A WXS function bound as a handler (`bind:touchmove="{{_.onMove}}"`): the official compiler
      // emits it as `$wxs:<binding>` plus its `$gdc` helper, both functions, not as an event.
      attrs.push({ name: '$gdc', value }, { name: `$wxs:${ev[1] ?? ''}${ev[2] ?? ''}${ev[3]}:${ev[4]}`, value });
      continue;
    }
    if (ev) {
      // Two bindings of one event (`catchtouchmove` + `capture-bind:touchmove`): the later name wins,
      // as in j-component's map built from the compiler's sorted attributes.
      event[ev[4]] = { name: ev[4], isMutated: !!ev[2], isCapture: !!ev[1], isCatch: ev[3] === 'catch', handler: value };
      continue;
    }
    const shown = name.startsWith('data-') ? name : camel(name);
    if (properties && Object.prototype.hasOwnProperty.call(properties, camel(name))) continue;
    attrs.push({ name: shown, value: value === undefined ? '' : value });
  }
  return { attrs, event };
}

function childrenOf(el: Element, ctx: JsonContext): Array<NodeJSON | string> {
  const out: Array<NodeJSON | string> = [];
  for (const child of el.childNodes as unknown as Iterable<Node>) {
    if (child.nodeType === 3) out.push((child as unknown as { data: string }).data);
    else if (child.nodeType === 1) out.push(elementToJSON(child as unknown as Element, ctx));
  }
  return out;
}

/** The tag a node has in j-component's tree (and in its DOM): `wx-view`, a component's registered tag, or the tag as written. */
export function exparserTag(info: VElement | VComponent, ctx: JsonContext): string {
  if (info.k === 'comp') return ctx.tagNameOf(info.def as Definition) ?? info.tag;
  return WX_PREFIXED.has(info.tag) ? `wx-${info.tag}` : info.tag;
}

/** The JSON of a rendered element and everything below it. */
export function elementToJSON(el: Element, ctx: JsonContext): NodeJSON {
  const info = elementInfo.get(el) as VElement | VComponent | undefined;
  let tagName = el.localName;
  let attrs: NodeJSON['attrs'] = [];
  let event: Record<string, EventJSON> = {};
  if (info) {
    tagName = exparserTag(info, ctx);
    ({ attrs, event } = splitWritten(info.written, info.k === 'comp' ? (info.def as Definition).properties : undefined));
  }
  return mark({ tagName, attrs, event, children: childrenOf(el, ctx) });
}

/** The JSON of a root component (`render()`'s host): its tag, the properties it was given that are not properties, its tree. */
export function rootToJSON(host: Element, tagName: string, given: WrittenAttr[], def: Definition, ctx: JsonContext): NodeJSON {
  const { attrs } = splitWritten(given, def.properties);
  // The root's tag goes through the tag registry once more: a root loaded as `label` shows as `wx-label`.
  const shown = WX_PREFIXED.has(tagName) ? `wx-${tagName}` : tagName;
  return mark({ tagName: shown, attrs, event: {}, children: childrenOf(host, ctx) });
}
