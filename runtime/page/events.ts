/**
 * WeChat event dispatch over the rendered DOM.
 *
 * Event object: `{ type, timeStamp, target, currentTarget, detail, touches,
 * changedTouches, mark }`; target/currentTarget are `{ id, dataset, offsetLeft,
 * offsetTop }` with the dataset's raw (unstringified) values.
 *
 * Phases: capture (`capture-bind`/`capture-catch`) from the page root down to
 * the target, then bubble (`bind`/`catch`/`mut-bind`) from the target up.
 * `catch` stops bubbling after its element; `capture-catch` stops the event
 * altogether; among `mut-bind` handlers only the first one fires, without
 * stopping `bind` handlers. Built-in events (tap, input, ...) bubble through
 * component boundaries; `triggerEvent` events reach only the host element
 * unless `bubbles`, and stay inside the owner's template unless `composed`.
 */
import type { Element } from 'happy-dom';
import { callUser, isInstance, stateOf, type Instance, type World } from './instance';
import { elementInfo, type VComponent, type VElement } from './vdom';

export interface DispatchOptions {
  bubbles: boolean;
  composed: boolean;
  /** Run capture-phase listeners (built-in events always do; triggerEvent only when asked). */
  capturePhase: boolean;
  /** The page root element: dispatch never goes above it. */
  root: Element;
  timeStamp: number;
  /** Extra fields merged into the event object (touches for tap). */
  extra?: Record<string, unknown>;
}

export interface DispatchResult {
  /** Values returned by the handlers that ran (bindinput may return the new value). */
  returned: unknown[];
  handled: number;
}

function describe(el: Element, info: VElement | VComponent | undefined): Record<string, unknown> {
  const rect = { offsetLeft: 0, offsetTop: 0 };
  return { id: el.getAttribute('id') ?? '', dataset: { ...(info?.dataset ?? {}) }, ...rect };
}

function ownerInstance(info: VElement | VComponent): Instance | undefined {
  const st = info.owner as { inst?: unknown };
  return isInstance(st.inst) ? st.inst : undefined;
}

/** Elements from the target up to (and including) the root that may receive the event. */
function eventPath(target: Element, root: Element, composed: boolean): Element[] {
  const path: Element[] = [];
  const originOwner = elementInfo.get(target)?.owner;
  for (let el: Element | null = target; el; el = el.parentElement) {
    const info = elementInfo.get(el);
    if (info) {
      if (!composed && info.owner !== originOwner) break;
      path.push(el);
    }
    if (el === root) break;
  }
  return path;
}

/** Dispatches an event of `type` at `target`. */
export function dispatchEvent(world: World, target: Element, type: string, detail: unknown, opts: DispatchOptions): DispatchResult {
  const result: DispatchResult = { returned: [], handled: 0 };
  const path = opts.bubbles ? eventPath(target, opts.root, opts.composed) : [target];
  const targetDesc = describe(target, elementInfo.get(target));
  let mutFired = false;
  const fire = (el: Element, capture: boolean): 'stop' | 'catch' | undefined => {
    const info = elementInfo.get(el);
    if (!info) return undefined;
    let outcome: 'stop' | 'catch' | undefined;
    for (const b of info.events) {
      if (b.type !== type || b.capture !== capture) continue;
      if (b.mut && mutFired) continue;
      const owner = ownerInstance(info);
      if (!owner) continue;
      const fn = (owner as unknown as Record<string, unknown>)[b.handler];
      const event = {
        type,
        timeStamp: opts.timeStamp,
        target: targetDesc,
        currentTarget: describe(el, info),
        detail,
        mark: {},
        ...(opts.extra ?? {}),
      };
      if (typeof fn !== 'function') {
        world.host.console.warn(`Component "${owner.is}" does not have a method "${b.handler}" to handle event "${type}".`);
      } else {
        result.handled++;
        result.returned.push(callUser(world, owner, fn, [event], `at ${owner.is} event handler "${b.handler}"`));
      }
      if (b.mut) mutFired = true;
      if (b.catch) outcome = capture ? 'stop' : 'catch';
    }
    return outcome;
  };
  if (opts.capturePhase) {
    for (let i = path.length - 1; i >= 0; i--) if (fire(path[i], true) === 'stop') return result;
  }
  for (const el of path) {
    if (fire(el, false)) break;
    if (!opts.bubbles) break;
  }
  return result;
}

/** triggerEvent: dispatched at the component's host element, in its owner's template. */
export function dispatchComponentEvent(
  world: World,
  inst: Instance,
  name: string,
  detail: unknown,
  options: Record<string, unknown>,
  root: Element,
  timeStamp: number,
): void {
  const st = stateOf(inst);
  const host = st.root;
  if (!st.owner) return; // a page has no host element
  dispatchEvent(world, host, name, detail, {
    bubbles: !!options.bubbles,
    composed: !!options.composed,
    capturePhase: !!options.capturePhase,
    root,
    timeStamp,
  });
}
