/**
 * `wx.createSelectorQuery()` / `this.createSelectorQuery()` and
 * `wx.createIntersectionObserver()` / `this.createIntersectionObserver()` over
 * the rendered page (happy-dom), with a small documented layout model.
 *
 * Layout model (there is no real layout engine): every element is at
 * `left: 0, top: 0`; its width is its inline `style` width (px, or rpx scaled
 * by windowWidth / 750) or else the window width; its height its inline style
 * height or else 0. A test that needs a specific rect sets it: `app.setRect(css,
 * rect)` (the last matching rule wins). The viewport is the Device's window size.
 *
 * `exec` answers asynchronously (the client asks the render layer), after the
 * view updates already scheduled; every callback fires, with `null` for a
 * `select` that matched nothing and `[]` for a `selectAll`. A throwing user
 * callback is reported as a script error and the others still run.
 */
import type { Element } from 'happy-dom';
import type { RuntimeHost } from '../host';
import { stateOf, type Instance } from './instance';
import { elementInfo } from './vdom';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What a selector query needs from the app (implemented by PagesRuntime). */
export interface QueryWorld {
  readonly host: RuntimeHost;
  /** Root element of the current page (undefined: no page). */
  pageRoot(): Element | undefined;
  /** Rects a test set for selectors (later entries win). */
  readonly rectOverrides: Array<{ selector: string; rect: Partial<Rect> }>;
  /** Whether the app is still open. */
  readonly alive: boolean;
  /**
   * Holds `fn` until the page whose first render is under way has run `ready` (true), or
   * declines (false: nothing pending). On the client a query made before that render reached the
   * screen is answered by the render layer after it (TDesign indexes' `ready` empties the rects its
   * observer asked for).
   */
  holdUntilReady?(fn: () => void): boolean;
}

type Cb = ((res: unknown) => void) | undefined;

interface Request {
  selector: string | null; // null: viewport
  all: boolean;
  kind: 'rect' | 'scroll' | 'fields' | 'node' | 'context';
  fields?: Record<string, unknown>;
  cb: Cb;
}

function parseLength(value: string | undefined, windowWidth: number): number | undefined {
  if (!value) return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(px|rpx)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'rpx' ? (n * windowWidth) / 750 : n;
}

function inlineStyle(el: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const decl of (el.getAttribute('style') ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) out[decl.slice(0, i).trim().toLowerCase()] = decl.slice(i + 1).trim();
  }
  return out;
}

/** The rect of an element under the layout model (see the file comment). */
export function rectOf(world: QueryWorld, el: Element): Rect {
  const { windowWidth } = world.host.device.system;
  const style = inlineStyle(el);
  const rect: Rect = {
    left: 0,
    top: 0,
    width: parseLength(style.width, windowWidth) ?? windowWidth,
    height: parseLength(style.height, windowWidth) ?? 0,
  };
  for (const o of world.rectOverrides) {
    let hit: boolean;
    try {
      hit = el.matches(o.selector);
    } catch {
      hit = false;
    }
    if (hit) Object.assign(rect, o.rect);
  }
  return rect;
}

function idAndDataset(el: Element): { id: string; dataset: Record<string, unknown> } {
  const info = elementInfo.get(el) as { dataset?: Record<string, unknown> } | undefined;
  return { id: el.getAttribute('id') ?? '', dataset: { ...(info?.dataset ?? {}) } };
}

function rectResult(world: QueryWorld, el: Element): Record<string, unknown> {
  const r = rectOf(world, el);
  return {
    ...idAndDataset(el),
    left: r.left,
    right: r.left + r.width,
    top: r.top,
    bottom: r.top + r.height,
    width: r.width,
    height: r.height,
  };
}

function scrollResult(world: QueryWorld, el: Element | null): Record<string, unknown> {
  const { windowWidth, windowHeight } = world.host.device.system;
  if (!el) return { id: '', dataset: {}, scrollLeft: 0, scrollTop: 0, scrollWidth: windowWidth, scrollHeight: windowHeight };
  const r = rectOf(world, el);
  return { ...idAndDataset(el), scrollLeft: 0, scrollTop: 0, scrollWidth: r.width, scrollHeight: r.height };
}

function viewportRect(world: QueryWorld): Record<string, unknown> {
  const { windowWidth, windowHeight } = world.host.device.system;
  return { id: '', dataset: {}, left: 0, right: windowWidth, top: 0, bottom: windowHeight, width: windowWidth, height: windowHeight };
}

function fieldsResult(world: QueryWorld, el: Element, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const base = idAndDataset(el);
  if (fields.id) out.id = base.id;
  if (fields.dataset) out.dataset = base.dataset;
  const r = rectOf(world, el);
  if (fields.rect) Object.assign(out, { left: r.left, right: r.left + r.width, top: r.top, bottom: r.top + r.height });
  if (fields.size) Object.assign(out, { width: r.width, height: r.height });
  if (fields.scrollOffset) Object.assign(out, { scrollLeft: 0, scrollTop: 0 });
  if (fields.mark) out.mark = {};
  if (Array.isArray(fields.properties)) {
    const info = elementInfo.get(el) as { k?: string; instance?: Instance; attrs?: Record<string, string> } | undefined;
    for (const p of fields.properties as unknown[]) {
      const name = String(p);
      const inst = info?.instance;
      out[name] = inst ? (inst.data as Record<string, unknown>)[name] : (el.getAttribute(name) ?? undefined);
    }
  }
  if (Array.isArray(fields.computedStyle)) {
    const style = inlineStyle(el);
    for (const p of fields.computedStyle as unknown[]) out[String(p)] = style[String(p).toLowerCase()] ?? '';
  }
  return out;
}

export class NodesRef {
  constructor(
    private readonly query: SelectorQuery,
    private readonly selector: string | null,
    private readonly all: boolean,
  ) {}

  private add(kind: Request['kind'], cb: unknown, fields?: Record<string, unknown>): SelectorQuery {
    return this.query.push({ selector: this.selector, all: this.all, kind, fields, cb: typeof cb === 'function' ? (cb as Cb) : undefined });
  }

  boundingClientRect(cb?: unknown): SelectorQuery {
    return this.add('rect', cb);
  }
  scrollOffset(cb?: unknown): SelectorQuery {
    return this.add('scroll', cb);
  }
  fields(fields: unknown, cb?: unknown): SelectorQuery {
    return this.add('fields', cb, fields && typeof fields === 'object' ? (fields as Record<string, unknown>) : {});
  }
  node(cb?: unknown): SelectorQuery {
    return this.add('node', cb);
  }
  context(cb?: unknown): SelectorQuery {
    return this.add('context', cb);
  }
}

export class SelectorQuery {
  private readonly requests: Request[] = [];
  private scope?: Instance;

  constructor(private readonly world: QueryWorld) {}

  /** Scopes later selections to a component's (or page's) own nodes. */
  in(component: unknown): SelectorQuery {
    if (component && typeof component === 'object') this.scope = component as Instance;
    return this;
  }
  select(selector: unknown): NodesRef {
    return new NodesRef(this, String(selector), false);
  }
  selectAll(selector: unknown): NodesRef {
    return new NodesRef(this, String(selector), true);
  }
  selectViewport(): NodesRef {
    return new NodesRef(this, null, false);
  }

  /** @internal */
  push(r: Request): SelectorQuery {
    this.requests.push(r);
    return this;
  }

  private root(): Element | undefined {
    if (this.scope) {
      try {
        return stateOf(this.scope).root;
      } catch {
        return undefined;
      }
    }
    return this.world.pageRoot();
  }

  private match(selector: string, all: boolean): Element[] {
    const root = this.root();
    if (!root) return [];
    try {
      if (all) return [...root.querySelectorAll(selector)] as unknown as Element[];
      const one = root.querySelector(selector);
      return one ? [one as unknown as Element] : [];
    } catch {
      // An invalid selector matches nothing (the client answers null).
      return [];
    }
  }

  private answer(r: Request): unknown {
    const w = this.world;
    if (r.selector === null) {
      if (r.kind === 'rect') return viewportRect(w);
      if (r.kind === 'scroll') return scrollResult(w, null);
      if (r.kind === 'fields')
        return { ...(r.fields?.size ? { width: w.host.device.system.windowWidth, height: w.host.device.system.windowHeight } : {}) };
      return null;
    }
    const els = this.match(r.selector, r.all);
    const one = (el: Element): unknown => {
      switch (r.kind) {
        case 'rect':
          return rectResult(w, el);
        case 'scroll':
          return scrollResult(w, el);
        case 'fields':
          return fieldsResult(w, el, r.fields ?? {});
        case 'node':
          // No canvas/scroll-view native nodes are modelled: the client's shape with the element.
          return { node: null };
        case 'context':
          return { context: null };
      }
    };
    return r.all ? els.map(one) : els.length ? one(els[0]) : null;
  }

  /** Answers every request in order (async), then `cb(results)`. */
  exec(cb?: unknown): void {
    const requests = this.requests.splice(0);
    const w = this.world;
    const realm = w.host.realm;
    // After the view updates already queued (a macrotask later), and after the `ready` of a page
    // whose first render is under way (holdUntilReady), as the render layer would answer.
    const answer = () => {
      if (!w.alive) return;
      const results = new realm.Array() as unknown[];
      for (const r of requests) {
        let res: unknown;
        try {
          res = this.answer(r);
        } catch {
          res = null;
        }
        results.push(res);
        if (r.cb) callSafely(w, r.cb, res, 'at SelectorQuery callback');
      }
      if (typeof cb === 'function') callSafely(w, cb as Cb, results, 'at SelectorQuery.exec callback');
    };
    const later = () => setTimeout(answer, 0);
    if (!w.holdUntilReady?.(later)) later();
  }
}

function callSafely(w: QueryWorld, fn: Cb, arg: unknown, where: string): void {
  try {
    fn?.(arg);
  } catch (err) {
    w.host.reportScriptError(err, where);
  }
}

interface Margins {
  left?: number;
  right?: number;
  top?: number;
  bottom?: number;
}

/** wx.createIntersectionObserver: the initial notification of each observed target, from the layout model. */
export class IntersectionObserver {
  private relative: { selector: string | null; margins: Margins } | undefined;
  private disconnected = false;
  private readonly options: { thresholds: number[]; observeAll: boolean; initialRatio: number };

  constructor(
    private readonly world: QueryWorld,
    private readonly scope: Instance | undefined,
    options: unknown,
  ) {
    const o = (options && typeof options === 'object' ? options : {}) as Record<string, unknown>;
    this.options = {
      thresholds: Array.isArray(o.thresholds) ? (o.thresholds as unknown[]).map(Number) : [0],
      observeAll: o.observeAll === true,
      initialRatio: typeof o.initialRatio === 'number' ? o.initialRatio : 0,
    };
  }

  relativeTo(selector: unknown, margins?: unknown): IntersectionObserver {
    this.relative = { selector: String(selector), margins: (margins ?? {}) as Margins };
    return this;
  }
  relativeToViewport(margins?: unknown): IntersectionObserver {
    this.relative = { selector: null, margins: (margins ?? {}) as Margins };
    return this;
  }

  observe(targetSelector: unknown, cb: unknown): void {
    if (typeof cb !== 'function') return;
    const w = this.world;
    const query = new SelectorQuery(w);
    if (this.scope) query.in(this.scope);
    setTimeout(() => {
      if (!w.alive || this.disconnected) return;
      const root = this.scope ? stateOf(this.scope).root : w.pageRoot();
      if (!root) return;
      let targets: Element[];
      try {
        targets = this.options.observeAll
          ? ([...root.querySelectorAll(String(targetSelector))] as unknown as Element[])
          : ([root.querySelector(String(targetSelector))].filter(Boolean) as unknown as Element[]);
      } catch {
        targets = [];
      }
      const rel = this.relativeRect(root);
      if (!rel) return;
      for (const el of targets) {
        const r = rectOf(w, el);
        const left = Math.max(r.left, rel.left);
        const top = Math.max(r.top, rel.top);
        const right = Math.min(r.left + r.width, rel.right);
        const bottom = Math.min(r.top + r.height, rel.bottom);
        const intersecting = right >= left && bottom >= top;
        const area = r.width * r.height;
        const interArea = intersecting ? (right - left) * (bottom - top) : 0;
        const ratio = !intersecting ? 0 : area > 0 ? interArea / area : 1;
        // Notified when the ratio is past a different number of thresholds than initialRatio
        // (threshold 0 counts as passed by any intersection), as the W3C observer counts them.
        const passed = (r: number, hit: boolean) =>
          this.options.thresholds.filter((t) => (t === 0 ? hit && (r > 0 || area === 0) : r >= t)).length;
        if (passed(ratio, intersecting) === passed(this.options.initialRatio, this.options.initialRatio > 0)) continue;
        const res = {
          ...idAndDataset(el),
          time: Date.now(),
          intersectionRatio: ratio,
          intersectionRect: intersecting
            ? { left, top, right, bottom, width: right - left, height: bottom - top }
            : { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 },
          boundingClientRect: {
            left: r.left,
            top: r.top,
            right: r.left + r.width,
            bottom: r.top + r.height,
            width: r.width,
            height: r.height,
          },
          relativeRect: { left: rel.left, top: rel.top, right: rel.right, bottom: rel.bottom },
        };
        callSafely(w, cb as Cb, res, 'at IntersectionObserver callback');
      }
    }, 0);
  }

  disconnect(): void {
    this.disconnected = true;
  }

  private relativeRect(root: Element): { left: number; top: number; right: number; bottom: number } | undefined {
    const w = this.world;
    const m = this.relative?.margins ?? {};
    let base: Rect;
    if (!this.relative || this.relative.selector === null) {
      const { windowWidth, windowHeight } = w.host.device.system;
      base = { left: 0, top: 0, width: windowWidth, height: windowHeight };
    } else {
      let el: Element | null;
      try {
        el = root.querySelector(this.relative.selector) as unknown as Element | null;
      } catch {
        el = null;
      }
      if (!el) return undefined;
      base = rectOf(w, el);
    }
    return {
      left: base.left - (Number(m.left) || 0),
      top: base.top - (Number(m.top) || 0),
      right: base.left + base.width + (Number(m.right) || 0),
      bottom: base.top + base.height + (Number(m.bottom) || 0),
    };
  }
}
