/**
 * `mpsim/simulate`: miniprogram-simulate's API on mpsim's component runtime and real `wx`.
 * Needs `testEnvironment: 'mpsim/jest-environment'`. docs/simulate.md has the details.
 */

/** A happy-dom element (tests use `getAttribute`, `textContent`, `style`, `classList`, `children`, ...). */
export interface SimulateElement {
  readonly tagName: string;
  readonly textContent: string | null;
  innerHTML: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): SimulateElement | null;
  querySelectorAll(selector: string): Iterable<SimulateElement> & { length: number };
  [key: string]: any;
}

/** Options of `load(path, tagName?, options)`. */
export interface LoadOptions {
  /** Project root: absolute `usingComponents` paths (`/components/x`) resolve against it (default: the component's folder). */
  rootPath?: string;
  /** Overrides the `usingComponents` of every component this load registers (paths or ids from `load()`). */
  usingComponents?: Record<string, string>;
  /** Accepted for compatibility; styles are not applied (mpsim has no layout engine). */
  less?: boolean;
  /** Accepted for compatibility; templates always go through mpsim's own WXML compiler. */
  compiler?: 'official' | 'simulate';
  compilerOptions?: { maxBuffer?: number; wxmlList?: string[]; wxsList?: string[] };
}

/** A component given to `load()` as an object: Component() options plus these fields. */
export interface ComponentDefinition extends Record<string, unknown> {
  /** Registers the component globally under this tag name (usable without usingComponents). */
  id?: string;
  /** Tag name of the component's host (and its snapshot tag). */
  tagName?: string;
  /** The component's WXML. */
  template?: string;
  /** tag → id returned by `load()`, or a path. */
  usingComponents?: Record<string, string>;
  behaviors?: unknown[];
  options?: Record<string, unknown>;
}

/** The JSON tree of `toJSON()` (j-component's shape; printed by `mpsim/simulate/jest-snapshot-plugin`). */
export interface ComponentJSON {
  tagName: string;
  attrs: Array<{ name: string; value: unknown }>;
  event: Record<string, { name: string; handler: unknown; isCapture: boolean; isMutated: boolean; isCatch: boolean }>;
  children: Array<ComponentJSON | string>;
}

/** A node of a rendered tree (what `querySelector` returns). */
export interface Component<TData extends Record<string, any> = Record<string, any>> {
  /** The DOM element (a component's host element). */
  readonly dom: SimulateElement;
  /** The component's data (undefined for a built-in element). */
  readonly data: TData;
  /** The component's `this` (undefined for a built-in element). */
  readonly instance: Record<string, any>;
  /** First node of this component's template matching `selector` (`a >>> b` enters child components). */
  querySelector(selector: string): Component | undefined;
  querySelectorAll(selector: string): Component[];
  setData(data: Record<string, unknown>, callback?: () => void): void;
  /** Fires an event at this node in a microtask (touch events also produce tap / longpress). */
  dispatchEvent(
    eventName: string,
    options?: { detail?: unknown; touches?: unknown[]; changedTouches?: unknown[]; [k: string]: unknown },
  ): void;
  addEventListener(eventName: string, handler: (event: any) => void, useCapture?: boolean | { capture?: boolean }): void;
  removeEventListener(eventName: string, handler: (event: any) => void, useCapture?: boolean | { capture?: boolean }): void;
  triggerLifeTime(lifeTime: string, ...args: unknown[]): void;
  triggerPageLifeTime(lifeTime: string, ...args: unknown[]): void;
  toJSON(): ComponentJSON;
}

/** What `render()` returns. */
export interface RootComponent<TData extends Record<string, any> = Record<string, any>> extends Component<TData> {
  /** Appends the component to `parent`; runs attached and ready. */
  attach(parent: object): void;
  /** Removes it; runs detached. */
  detach(): void;
}

export function behavior(definition: Record<string, unknown>): string;
export function load(definition: ComponentDefinition): string;
export function load(componentPath: string, options?: LoadOptions): string;
export function load(componentPath: string, tagName: string, options?: LoadOptions): string;
export function render<TData extends Record<string, any> = Record<string, any>>(
  componentId: string,
  properties?: Record<string, unknown>,
): RootComponent<TData>;
export function match(dom: object, html: string): boolean;
export function sleep(timeout?: number): Promise<void>;
export function scroll(component: Component, destOffset: number, times?: number, propName?: string): void;

declare const simulate: {
  behavior: typeof behavior;
  load: typeof load;
  render: typeof render;
  match: typeof match;
  sleep: typeof sleep;
  scroll: typeof scroll;
};
export default simulate;
