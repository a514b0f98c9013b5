// Child for the vant-page row: miniprogram-simulate (the official unit-test kit) on jsdom loads
// the same page component with its 10 vant components and renders it (load + render + attach),
// warm (after 3 unmeasured rounds), N times. Prints ms per load+render.
'use strict';
const path = require('node:path');
const { JSDOM } = require('jsdom');
const { vantPageProject, missingIn } = require('./vant-page-project.js');

async function main() {
  const n = Number(process.argv[2] || 10);
  const project = vantPageProject();
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true });
  const { window } = dom;
  for (const k of [
    'window',
    'document',
    'navigator',
    'Node',
    'HTMLElement',
    'Element',
    'Event',
    'CustomEvent',
    'getComputedStyle',
    'requestAnimationFrame',
  ]) {
    globalThis[k] = k === 'window' ? window : window[k];
  }
  const simulate = require('miniprogram-simulate');
  const root = path.join(project.dir, 'pages', 'index', 'index');
  const once = () => {
    const comp = simulate.render(simulate.load(root, { rootPath: project.dir }));
    const parent = document.createElement('parent-wrapper');
    comp.attach(parent);
    return { comp, parent };
  };
  for (let k = 0; k < 3; k++) once().comp.detach();
  let total = 0n;
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    const { comp, parent } = once();
    total += process.hrtime.bigint() - t0;
    const missing = missingIn(parent);
    if (missing.length) throw new Error(`not rendered: ${missing.join(' ')}`);
    comp.detach();
  }
  window.close();
  project.remove();
  process.stdout.write(JSON.stringify({ ms: Number(total) / 1e6 / n }) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
