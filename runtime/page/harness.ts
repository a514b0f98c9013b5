/**
 * The page test API: what `mpsim.launch(projectDir)` returns. Tests drive the
 * app as a user would (tap, type, submit, navigate) and read the rendered
 * happy-dom document, the page's data and the recorded toasts/modals.
 *
 *   const app = await mpsim.launch('samples/miniprogram');
 *   const page = await app.navigateTo('pages/upload/upload?x=1');
 *   await page.tap('#choose');
 *   await page.waitFor((p) => p.data.progress === 100);
 */
import type { Document, Element, HTMLInputElement } from 'happy-dom';
import { dispatchEvent } from './events';
import { stateOf, type AnimationRecord, type Instance } from './instance';
import type { EventChannel, ModalAnswer, ModalRecord, PagesRuntime, ToastRecord } from './runtime';
import { NavigationError } from './runtime';
import { elementInfo } from './vdom';

/** Real timers captured at load: jest fake timers installed by a test do not stall the harness. */
const realSetTimeout = setTimeout;
const realSetImmediate = setImmediate;

const tick = () => new Promise<void>((r) => realSetImmediate(r));

/**
 * `waitFor`'s default timeout: below jest's default test timeout (5000 ms), so a test that
 * waits in vain gets our message (what it waited for, the page markup) rather than jest's
 * generic "Exceeded timeout".
 */
export const DEFAULT_WAIT_FOR_TIMEOUT_MS = 4000;

/** Bumped when a test ends (the jest environment calls stopPolls): every waitFor still polling gives up. */
let pollEpoch = 0;

/** Makes every `waitFor` in flight reject at its next check (called by the jest environment when a test ends). */
export function stopPolls(): void {
  pollEpoch++;
}

export interface WaitForOptions {
  /** ms before giving up (default 4000). */
  timeout?: number;
  /** ms between checks (default 5). */
  interval?: number;
}

/** One open page, as a test sees it. */
export class PageHandle {
  constructor(
    private readonly rt: PagesRuntime,
    /** The page instance (`this` of the page code). */
    readonly instance: Instance,
  ) {}

  /** Page route without leading `/`, e.g. `pages/index/index`. */
  get route(): string {
    return this.instance.is;
  }

  /** The query the page was opened with (`this.options`). */
  get options(): Record<string, string> {
    return (this.instance as unknown as { options: Record<string, string> }).options;
  }

  /** `this.data` of the page. */
  get data(): Record<string, unknown> {
    return this.instance.data;
  }

  /** The page's root element (`<page route="...">`) in the happy-dom document. */
  get root(): Element {
    this.rt.flush();
    return stateOf(this.instance).root;
  }

  /** The first element matching a CSS selector in this page (components included), or null. */
  $(selector: string): Element | null {
    return this.root.querySelector(selector);
  }

  /** Every element matching a CSS selector in this page. */
  $$(selector: string): Element[] {
    return [...this.root.querySelectorAll(selector)];
  }

  /** The rendered markup of the page (or of the first element matching `selector`). */
  html(selector?: string): string {
    const el = selector ? this.$(selector) : this.root;
    return el ? el.innerHTML : '';
  }

  /** Text content of the first element matching `selector` ('' when absent). */
  text(selector: string): string {
    return this.$(selector)?.textContent ?? '';
  }

  /** The custom component instance of the first element matching `selector` (or null). */
  component(selector: string): Instance | null {
    const el = this.$(selector);
    const info = el ? elementInfo.get(el) : undefined;
    return info?.k === 'comp' ? ((info.instance as Instance) ?? null) : null;
  }

  private find(selector: string, action: string): Element {
    // The user can only touch the page on screen.
    if (this.rt.currentPage !== this.instance) throw new Error(`${action}: ${this.route} is not the current page`);
    const el = this.$(selector);
    if (!el) throw new Error(`${action}: no element matches "${selector}" in ${this.route}`);
    for (let p: Element | null = el; p && p !== this.root; p = p.parentElement) {
      if (p.hasAttribute('hidden')) throw new Error(`${action}: "${selector}" in ${this.route} is hidden`);
    }
    return el;
  }

  private async settle(): Promise<void> {
    this.rt.flush();
    await tick();
    this.rt.flush();
  }

  private dispatch(el: Element, type: string, detail: unknown, extra?: Record<string, unknown>) {
    // Only the documented bubbling events bubble (and cross component boundaries); the rest —
    // form submit, input, change, scroll... — fire on their element alone, as on the client.
    const bubbles = BUBBLING_EVENTS.has(type);
    return dispatchEvent(this.rt, el, type, detail, {
      bubbles,
      composed: bubbles,
      capturePhase: true,
      root: stateOf(this.instance).root,
      timeStamp: this.rt.timeStampOf(this.instance),
      extra,
    });
  }

  /**
   * Taps an element (at page point `at`, default 0,0: `detail.x/y` and the touches): `tap`, then what the built-in does —
   * `<button form-type="submit|reset">` submits/resets its form, `<navigator>` navigates,
   * `<switch>`/`<checkbox>`/`<radio>` toggle and fire `change` (on the group for checkbox/radio).
   */
  async tap(selector: string, at: { x?: number; y?: number } = {}): Promise<void> {
    const el = this.find(selector, 'tap');
    const { x = 0, y = 0 } = at;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new TypeError('tap: x and y must be finite numbers');
    const touch = { identifier: 0, pageX: x, pageY: y, clientX: x, clientY: y, force: 1 };
    this.dispatch(el, 'tap', { x, y }, { touches: [touch], changedTouches: [touch] });
    await this.builtinTap(el);
    await this.settle();
  }

  /** Long-press: fires `longpress` then `longtap`. */
  async longpress(selector: string): Promise<void> {
    const el = this.find(selector, 'longpress');
    this.dispatch(el, 'longpress', { x: 0, y: 0 });
    this.dispatch(el, 'longtap', { x: 0, y: 0 });
    await this.settle();
  }

  /**
   * The user drags a finger on an element: `touchstart` at (x, y), `steps` `touchmove`s to
   * (x + dx, y + dy), `touchend` — each with `touches`/`changedTouches` as the client sends them
   * (swipe cells, sliders, pull-downs read `touches[0].clientX/Y`).
   */
  async swipe(selector: string, move: { dx?: number; dy?: number; x?: number; y?: number; steps?: number } = {}): Promise<void> {
    const el = this.find(selector, 'swipe');
    const { dx = 0, dy = 0, x = 0, y = 0 } = move;
    const steps = Math.max(1, Math.floor(move.steps ?? 5));
    if (![dx, dy, x, y].every(Number.isFinite)) throw new TypeError('swipe: x, y, dx and dy must be finite numbers');
    const at = (px: number, py: number) => ({ identifier: 0, pageX: px, pageY: py, clientX: px, clientY: py, force: 1 });
    const start = at(x, y);
    this.dispatch(el, 'touchstart', {}, { touches: [start], changedTouches: [start] });
    await this.settle();
    for (let i = 1; i <= steps; i++) {
      const t = at(x + (dx * i) / steps, y + (dy * i) / steps);
      this.dispatch(el, 'touchmove', {}, { touches: [t], changedTouches: [t] });
      await this.settle();
    }
    const end = at(x + dx, y + dy);
    this.dispatch(el, 'touchend', {}, { touches: [], changedTouches: [end] });
    await this.settle();
  }

  private async builtinTap(el: Element): Promise<void> {
    const tag = el.tagName.toLowerCase();
    const target = el.closest('button, navigator, switch, checkbox, radio, label');
    const t = target?.tagName.toLowerCase() ?? tag;
    if (!target) return;
    if (target.hasAttribute('disabled') && target.getAttribute('disabled') !== 'false') return;
    if (t === 'button') {
      const formType = target.getAttribute('form-type');
      const form = target.closest('form');
      if (form && formType === 'submit')
        this.dispatch(form, 'submit', { value: this.formValues(form), target: { id: form.getAttribute('id') ?? '', dataset: {} } });
      if (form && formType === 'reset') {
        for (const input of form.querySelectorAll('input, textarea')) (input as HTMLInputElement).value = '';
        this.dispatch(form, 'reset', {});
      }
    } else if (t === 'navigator') {
      const url = target.getAttribute('url') ?? '';
      const openType = target.getAttribute('open-type') ?? 'navigate';
      try {
        if (openType === 'navigate') await this.rt.navigateTo(url);
        else if (openType === 'redirect') await this.rt.redirectTo(url);
        else if (openType === 'switchTab') await this.rt.switchTab(url);
        else if (openType === 'reLaunch') await this.rt.reLaunch(url);
        else if (openType === 'navigateBack') await this.rt.navigateBack(Number(target.getAttribute('delta') ?? 1));
      } catch (err) {
        if (!(err instanceof NavigationError)) throw err;
        this.rt.host.console.warn(`navigator: ${err.message}`);
      }
    } else if (t === 'switch') {
      const checked = !isOn(target, 'checked');
      setOn(target, 'checked', checked);
      this.dispatch(target, 'change', { value: checked });
    } else if (t === 'checkbox' || t === 'radio') {
      const group = target.closest(`${t}-group`);
      if (t === 'radio') {
        if (group) for (const r of group.querySelectorAll('radio')) setOn(r, 'checked', false);
        setOn(target, 'checked', true);
      } else setOn(target, 'checked', !isOn(target, 'checked'));
      if (group) {
        const values = [...group.querySelectorAll(t)].filter((c) => isOn(c, 'checked')).map((c) => c.getAttribute('value') ?? '');
        this.dispatch(group, 'change', { value: t === 'radio' ? (values[0] ?? '') : values });
      }
    }
  }

  /** Values of named controls in a form (input/textarea value, switch/checkbox state, picker value). */
  private formValues(form: Element): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const el of form.querySelectorAll('[name]')) {
      const name = el.getAttribute('name')!;
      const tag = el.tagName.toLowerCase();
      if (tag === 'input' || tag === 'textarea') out[name] = (el as HTMLInputElement).value;
      else if (tag === 'switch') out[name] = isOn(el, 'checked');
      else if (tag === 'checkbox-group')
        out[name] = [...el.querySelectorAll('checkbox')].filter((c) => isOn(c, 'checked')).map((c) => c.getAttribute('value') ?? '');
      else if (tag === 'radio-group')
        out[name] = [...el.querySelectorAll('radio')].filter((c) => isOn(c, 'checked')).map((c) => c.getAttribute('value') ?? '')[0] ?? '';
      else out[name] = el.getAttribute('value') ?? '';
    }
    return out;
  }

  /**
   * Types `value` into an `<input>`/`<textarea>`: sets its value and fires `input`
   * (`detail: { value, cursor, keyCode }`). A handler returning a string (or
   * `{ value }`) replaces the field's value, as on the client.
   */
  async input(selector: string, value: string): Promise<void> {
    const el = this.find(selector, 'input');
    (el as HTMLInputElement).value = value;
    const info = elementInfo.get(el);
    const modelPath = info?.k === 'el' ? info.models?.value : undefined;
    if (modelPath) {
      // model:value — the field writes its value back to the owner's data first.
      const owner = (info!.owner as unknown as { inst: Instance }).inst;
      owner.setData({ [modelPath]: value });
    }
    const res = this.dispatch(el, 'input', { value, cursor: value.length, keyCode: undefined });
    await this.settle();
    // Applied after the view update a setData in the handler caused, as the field shows it last.
    for (const r of res.returned) {
      if (typeof r === 'string') (el as HTMLInputElement).value = r;
      else if (r && typeof r === 'object' && typeof (r as { value?: unknown }).value === 'string')
        (el as HTMLInputElement).value = (r as { value: string }).value;
    }
  }

  /** Fires `blur` / `confirm` on an input with its current value. */
  async confirm(selector: string): Promise<void> {
    const el = this.find(selector, 'confirm');
    this.dispatch(el, 'confirm', { value: (el as HTMLInputElement).value });
    await this.settle();
  }

  /** Fires `change` with `detail: { value }` (picker, slider, switch...). */
  async change(selector: string, value: unknown): Promise<void> {
    const el = this.find(selector, 'change');
    this.dispatch(el, 'change', { value });
    await this.settle();
  }

  /** Submits a `<form>`: `submit` with `detail: { value: { name: value } }`. */
  async submit(selector: string): Promise<void> {
    const el = this.find(selector, 'submit');
    const form = el.tagName.toLowerCase() === 'form' ? el : el.closest('form');
    if (!form) throw new Error(`submit: "${selector}" is not a form or inside one`);
    this.dispatch(form, 'submit', { value: this.formValues(form), target: { id: form.getAttribute('id') ?? '', dataset: {} } });
    await this.settle();
  }

  /** Fires any event type with the given detail (e.g. 'scrolltolower', 'error'). */
  async trigger(selector: string, type: string, detail: unknown = {}): Promise<void> {
    const el = this.find(selector, 'trigger');
    this.dispatch(el, type, detail);
    await this.settle();
  }

  /** Navigation bar of this page: title (page json, app.json window, setNavigationBarTitle), loading, colours. */
  get navigationBar(): { title: string; loading: boolean; frontColor?: string; backgroundColor?: string } {
    return { ...(this.rt.navBars.get(this.instance) ?? { title: '', loading: false }) };
  }

  /** True between a pull-down refresh and the page's wx.stopPullDownRefresh. */
  get refreshing(): boolean {
    return this.rt.refreshing.has(this.instance);
  }

  /** The user pulls the page down: `onPullDownRefresh` runs. */
  async pullDownRefresh(): Promise<void> {
    this.rt.pullDownRefresh(this.instance);
    await this.settle();
  }

  /** The user scrolls to the bottom: `onReachBottom` runs. */
  async reachBottom(): Promise<void> {
    this.rt.reachBottom(this.instance);
    await this.settle();
  }

  /** `this.setData` from the test, resolved once the view was updated. */
  setData(data: Record<string, unknown>): Promise<void> {
    return new Promise((resolve) => this.instance.setData(data, resolve));
  }

  /**
   * Resolves when `predicate(page)` is truthy (a string waits for a matching
   * element); rejects after `timeout` ms with the page markup in the message.
   */
  async waitFor(predicate: string | ((page: PageHandle) => unknown), options: WaitForOptions = {}): Promise<void> {
    const timeout = options.timeout ?? DEFAULT_WAIT_FOR_TIMEOUT_MS;
    const interval = options.interval ?? 5;
    const test = typeof predicate === 'string' ? () => this.$(predicate) !== null : () => predicate(this);
    const started = Date.now();
    const epoch = pollEpoch;
    for (;;) {
      if (epoch !== pollEpoch || !this.rt.launched) {
        const what = typeof predicate === 'string' ? `"${predicate}"` : 'predicate';
        throw new Error(`waitFor ${what} stopped: ${this.rt.launched ? 'the test ended' : 'the app was closed'}`);
      }
      this.rt.flush();
      let ok: unknown;
      let lastError: unknown;
      try {
        ok = await test();
      } catch (err) {
        lastError = err;
      }
      if (ok) return;
      if (Date.now() - started >= timeout) {
        const what = typeof predicate === 'string' ? `"${predicate}"` : 'predicate';
        const detail = lastError ? `; last error: ${(lastError as Error).message}` : '';
        throw new Error(`waitFor ${what} timed out after ${timeout}ms in ${this.route}${detail}\n${this.html().slice(0, 2000)}`);
      }
      await new Promise((r) => realSetTimeout(r, interval));
    }
  }
}

/**
 * The bubbling events of WXML's event system ("其他无特殊声明都是非冒泡事件，如 form 的 submit
 * 事件，input 的 input 事件，scroll-view 的 scroll 事件"): developers.weixin.qq.com
 * /miniprogram/dev/framework/view/wxml/event.html.
 */
const BUBBLING_EVENTS = new Set([
  'touchstart',
  'touchmove',
  'touchcancel',
  'touchend',
  'tap',
  'longpress',
  'longtap',
  'transitionend',
  'animationstart',
  'animationiteration',
  'animationend',
  'touchforcechange',
]);

/** Test-API urls are project paths: `pages/a/a` means `/pages/a/a` (`./`, `../` stay relative). */
function rooted(url: string): string {
  return url.startsWith('/') || url.startsWith('.') ? url : `/${url}`;
}

function isOn(el: Element, name: string): boolean {
  const v = el.getAttribute(name);
  return v !== null && v !== 'false';
}

function setOn(el: Element, name: string, on: boolean): void {
  if (on) el.setAttribute(name, '');
  else el.removeAttribute(name);
}

/** The launched app, as a test sees it. */
export class AppHandle {
  private readonly handles = new WeakMap<Instance, PageHandle>();

  constructor(private readonly rt: PagesRuntime) {}

  private handle(inst: Instance): PageHandle {
    let h = this.handles.get(inst);
    if (!h) {
      h = new PageHandle(this.rt, inst);
      this.handles.set(inst, h);
    }
    return h;
  }

  /**
   * Sets the rect selector queries and intersection observers report for elements
   * matching `selector` (the layout model has no real layout; later calls win).
   */
  setRect(selector: string, rect: { left?: number; top?: number; width?: number; height?: number }): void {
    if (typeof selector !== 'string' || !selector) throw new TypeError('setRect: selector must be a non-empty CSS selector');
    this.rt.rectOverrides.push({ selector, rect: { ...rect } });
  }

  /** What `getApp()` returns in the app's code. */
  get instance(): Record<string, unknown> | undefined {
    return this.rt.appInstance;
  }

  /** The page on top of the stack. */
  get currentPage(): PageHandle {
    const top = this.rt.currentPage;
    if (!top) throw new Error('no page is open');
    return this.handle(top);
  }

  /** The page stack, first page first (what getCurrentPages() returns). */
  get pageStack(): PageHandle[] {
    return this.rt.stack.map((p) => this.handle(p));
  }

  /** Every wx.showToast / wx.showLoading so far. */
  get toasts(): readonly ToastRecord[] {
    return this.rt.toasts;
  }

  /** Every wx.showModal so far, with the answer it got (undefined while open). */
  get modals(): readonly ModalRecord[] {
    return this.rt.modals;
  }

  /** Every wx.showActionSheet so far. */
  get actionSheets(): ReadonlyArray<{ itemList: string[]; tapIndex?: number; cancelled?: boolean }> {
    return this.rt.actionSheets;
  }

  /** Every wx.pageScrollTo so far. */
  get scrolls(): ReadonlyArray<{ page?: string; scrollTop?: number; selector?: string; duration: number }> {
    return this.rt.scrolls;
  }

  /** Every `this.animate` / `this.clearAnimation` of page and component code so far. */
  get animations(): readonly AnimationRecord[] {
    return this.rt.animations;
  }

  /** Every route transition: `{ kind, route, query }`. */
  get routes(): ReadonlyArray<{ kind: string; route: string; query: Record<string, string> }> {
    return this.rt.routes;
  }

  /** The happy-dom document pages render into. */
  get document(): Document {
    return this.rt.document;
  }

  /** The next wx.showModal is answered with this (default when never scripted: stays open). */
  answerNextModal(answer: ModalAnswer): void {
    this.rt.answerNextModal(answer);
  }

  /** Answers the oldest modal still open; returns false when none is open. */
  answerModal(answer: ModalAnswer): boolean {
    return this.rt.answerModal(answer);
  }

  /** The next wx.showActionSheet picks item `index` (or is cancelled with 'cancel'). */
  answerNextActionSheet(answer: number | 'cancel'): void {
    this.rt.answerNextActionSheet(answer);
  }

  private wrap<T>(p: Promise<T>, api: string): Promise<T> {
    return p.catch((err: unknown) => {
      if (err instanceof NavigationError) throw new Error(`${api}:fail ${err.message}`);
      throw err;
    });
  }

  /** Navigates as wx.navigateTo does (lifecycles run); resolves after the new page's onReady. */
  async navigateTo(url: string, events?: Record<string, unknown>): Promise<PageHandle> {
    const { page } = await this.wrap(this.rt.navigateTo(rooted(url), events), 'navigateTo');
    return this.handle(page);
  }

  /** navigateTo that also returns the opener's EventChannel. */
  async navigateToWithChannel(url: string, events?: Record<string, unknown>): Promise<{ page: PageHandle; eventChannel: EventChannel }> {
    const { page, eventChannel } = await this.wrap(this.rt.navigateTo(rooted(url), events), 'navigateTo');
    return { page: this.handle(page), eventChannel };
  }

  async redirectTo(url: string): Promise<PageHandle> {
    return this.handle(await this.wrap(this.rt.redirectTo(rooted(url)), 'redirectTo'));
  }

  async navigateBack(delta = 1): Promise<PageHandle> {
    return this.handle(await this.wrap(this.rt.navigateBack(delta), 'navigateBack'));
  }

  async switchTab(url: string): Promise<PageHandle> {
    return this.handle(await this.wrap(this.rt.switchTab(rooted(url)), 'switchTab'));
  }

  async reLaunch(url: string): Promise<PageHandle> {
    return this.handle(await this.wrap(this.rt.reLaunch(rooted(url)), 'reLaunch'));
  }

  /** Unloads every page and closes the document (also done when the simulator is disposed). */
  close(): Promise<void> {
    return this.rt.close();
  }
}
