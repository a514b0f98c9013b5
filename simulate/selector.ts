/**
 * The selectors of miniprogram-simulate's `querySelector(All)` (the client's
 * `selectComponent` syntax) over mpsim's rendered DOM, scoped the way a shadow
 * tree is: a component sees the nodes its own template declares (slot content
 * it receives belongs to the template that wrote it), and `A >>> B` crosses into
 * the shadow tree of the components `A` matches.
 *
 * mpsim renders a component's template inside its host element (no shadow
 * roots), so "the nodes of a template" are the elements whose render owner is
 * that instance, and "parent" for the `>` and descendant combinators is the
 * nearest enclosing element of the same template.
 */
import type { Element } from 'happy-dom';
import { splitTopLevel } from '../runtime/page/expression';
import { queryRoots } from '../runtime/page/instance';
import { elementInfo } from '../runtime/page/vdom';
import { classList } from './json';

/** One step of a complex selector: a compound selector and how it relates to the step before it. */
interface Step {
  compound: string;
  /** Combinator to the previous step: ' ' (descendant) or '>' (child); undefined for the first. */
  combinator?: ' ' | '>';
}

/** A selector split at `>>>` (each part matched in the shadow tree the previous part reached). */
type Complex = Step[][];

/** Parses one `>>>`-free part into steps; throws on an empty or malformed part. */
function parseSteps(part: string): Step[] {
  const steps: Step[] = [];
  let pending: ' ' | '>' | undefined;
  let buf = '';
  let depth = 0;
  let quote = '';
  const flush = () => {
    if (!buf) return;
    steps.push({ compound: buf, combinator: steps.length ? (pending ?? ' ') : undefined });
    buf = '';
    pending = undefined;
  };
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (quote) {
      buf += c;
      if (c === '\\' && i + 1 < part.length) buf += part[++i];
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      buf += c;
    } else if (c === '[' || c === '(') {
      depth++;
      buf += c;
    } else if (c === ']' || c === ')') {
      depth--;
      buf += c;
    } else if (depth === 0 && /\s/.test(c)) {
      flush();
    } else if (depth === 0 && c === '>') {
      flush();
      if (!steps.length) throw new Error('selector starts with a combinator');
      pending = '>';
    } else if (depth === 0 && (c === '+' || c === '~')) {
      throw new Error('sibling combinators are not supported');
    } else buf += c;
  }
  flush();
  if (!steps.length || pending) throw new Error('empty selector');
  return steps;
}

const parsed = new Map<string, Complex[]>();

/** Parses a selector list; undefined when it is not a valid selector. */
export function parseSelector(selector: string): Complex[] | undefined {
  const hit = parsed.get(selector);
  if (hit) return hit;
  try {
    const list = splitTopLevel(selector, ',').map((s) => splitTopLevel(s.trim(), '>>>').map((p) => parseSteps(p.trim())));
    parsed.set(selector, list);
    return list;
  } catch {
    return undefined;
  }
}

/** The render owner (template) an element belongs to. */
function ownerOf(el: Element): unknown {
  return elementInfo.get(el)?.owner;
}

/** A compound selector split into what is matched against the template (tag, ids, classes) and the rest (DOM). */
interface Compound {
  tag?: string;
  ids: string[];
  classes: string[];
  /** Attribute selectors and pseudo-classes, matched by the DOM. */
  rest: string;
}

const compounds = new Map<string, Compound | null>();

function parseCompound(text: string): Compound | null {
  const hit = compounds.get(text);
  if (hit !== undefined) return hit;
  const c: Compound = { ids: [], classes: [], rest: '' };
  const re = /^([a-zA-Z][\w-]*|\*)|#((?:[\w-]|\\.)+)|\.((?:[\w-]|\\.)+)|(\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)/y;
  let i = 0;
  let ok = true;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(i === 0 ? text : text);
    if (!m || m.index !== i || (m[1] !== undefined && i !== 0)) {
      ok = false;
      break;
    }
    if (m[1] !== undefined) c.tag = m[1] === '*' ? undefined : m[1];
    else if (m[2] !== undefined) c.ids.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[3] !== undefined) c.classes.push(m[3].replace(/\\(.)/g, '$1'));
    else c.rest += m[4];
    i = re.lastIndex;
  }
  const out = ok ? c : null;
  compounds.set(text, out);
  return out;
}

/**
 * A compound selector against an element, as exparser matches it: the tag as written
 * (`view`) or as in the DOM (`wx-view`), ids and classes as the template wrote them
 * (the DOM's class names may carry a component's class prefix), the rest by the DOM.
 */
function matches(el: Element, compound: string): boolean {
  const c = parseCompound(compound);
  if (!c) return false;
  const info = elementInfo.get(el) as { tag?: string; attrs?: Record<string, string> } | undefined;
  if (c.tag) {
    if (info?.tag !== c.tag && el.localName !== c.tag.toLowerCase()) return false;
  }
  if (c.ids.length) {
    const id = info?.attrs?.id ?? el.getAttribute('id') ?? '';
    if (c.ids.some((x) => x !== id)) return false;
  }
  if (c.classes.length) {
    const raw = (info as { written?: Array<{ name: string; value: unknown }> } | undefined)?.written?.find((w) => w.name === 'class');
    const names = new Set(raw ? classList(raw.value) : (info?.attrs?.class ?? el.getAttribute('class') ?? '').split(/\s+/));
    if (c.classes.some((x) => !names.has(x))) return false;
  }
  if (!c.rest) return true;
  try {
    return el.matches(`*${c.rest}`);
  } catch {
    return false;
  }
}

/** Nearest enclosing element written by the same template, or undefined. */
function scopeParent(el: Element, owner: unknown, root: Element): Element | undefined {
  for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
    if (ownerOf(p as unknown as Element) === owner) return p as unknown as Element;
  }
  return undefined;
}

/** Whether `el` matches `steps` (right to left); ancestors are taken within the element's own template, below `root`. */
function matchSteps(el: Element, steps: Step[], i: number, root: Element): boolean {
  if (!matches(el, steps[i].compound)) return false;
  if (i === 0) return true;
  const owner = ownerOf(el);
  if (steps[i].combinator === '>') {
    const p = scopeParent(el, owner, root);
    return !!p && matchSteps(p, steps, i - 1, root);
  }
  for (let p = scopeParent(el, owner, root); p; p = scopeParent(p, owner, root)) {
    if (matchSteps(p, steps, i - 1, root)) return true;
  }
  return false;
}

/** What the search needs to know about a component: its host element and its template's owner key. */
export interface Scope {
  root: Element;
  owner: unknown;
}

/**
 * Elements matching `selector` from the component `scope`, in document order, as
 * exparser's `querySelector(All)`: the first part is matched in the component's own
 * template; after `>>>` a part is matched anywhere in the composed tree below what
 * the part before matched (its shadow tree, the slot content it shows, and deeper).
 */
export function selectAll(scope: Scope, selector: string, first = false): Element[] {
  const list = parseSelector(String(selector));
  if (!list) return [];
  const found = new Set<Element>();
  for (const complex of list) {
    let roots: Element[] = [scope.root];
    for (let part = 0; part < complex.length; part++) {
      const steps = complex[part];
      const hits: Element[] = [];
      for (const root of roots) {
        // Unslotted content (a closed popup's) is in its owner's tree though not rendered.
        for (const el of queryRoots(root).flatMap((r) => [...(r.querySelectorAll('*') as unknown as Iterable<Element>)])) {
          if (part === 0 && ownerOf(el) !== scope.owner) continue;
          if (matchSteps(el, steps, steps.length - 1, root)) hits.push(el);
        }
      }
      if (part === complex.length - 1) for (const h of hits) found.add(h);
      else roots = hits;
    }
  }
  const all = [...found];
  if (all.length > 1) all.sort((a, b) => (a.compareDocumentPosition(b as never) & 4 ? -1 : 1));
  return first ? all.slice(0, 1) : all;
}
