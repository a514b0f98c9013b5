// Our engine's side of the wcc comparison (runtime/page keeps each instance's rendered vnodes).
// Our engine flattens child components into one DOM, so the DOM cannot tell which template made
// which node; the vnodes can: an instance's own tree is its vnodes minus the slot content its
// parent gave it (the same vnode objects, placed where its <slot>s are), and a child component's
// host carries the slot content this template gives it (`slot` of the component vnode). Used by
// tests/conformance/wcc-differential.test.ts (TypeScript sources) and measure-ours.js (dist/).
'use strict';

/** The own tree of an instance, from its internal state (`stateOf(inst)`), as {tag, attrs, children} / {text}. */
function ownTree(state) {
  const foreign = new Set(state.slot);
  const conv = (nodes) => {
    const out = [];
    for (const n of nodes) {
      if (foreign.has(n)) continue;
      if (n.k === 'text') out.push({ text: n.text });
      else if (n.k === 'el') out.push({ tag: n.tag, attrs: n.attrs, children: conv(n.children) });
      else out.push({ tag: n.tag, attrs: n.attrs, children: conv(n.slot) });
    }
    return out;
  };
  return conv(state.vnodes);
}

/** Every component instance under `inst` — made by its template, then theirs — in tree order, each once. */
function instancesUnder(inst, stateOf, out = []) {
  const foreign = new Set(stateOf(inst).slot);
  const visit = (nodes) => {
    for (const n of nodes) {
      if (foreign.has(n)) continue; // the parent's: visited from the parent
      if (n.k === 'el') visit(n.children);
      else if (n.k === 'comp') {
        if (n.instance) {
          out.push(n.instance);
          instancesUnder(n.instance, stateOf, out);
        }
        visit(n.slot);
      }
    }
  };
  visit(stateOf(inst).vnodes);
  return out;
}

module.exports = { ownTree, instancesUnder };
