// Child process of bench/engine/index.js: one library on glass-easel with one configuration,
// optionally diffed against wcc. Prints one JSON line. Run alone:
//   node bench/engine/measure-glass-easel.js vant --builtins --fields --wxs --diff
'use strict';
const { LIBS, libraryFiles } = require('./libs');

const asyncErrors = [];
process.on('unhandledRejection', (e) => asyncErrors.push(String(e && e.message ? e.message : e).slice(0, 200)));
process.on('uncaughtException', (e) => asyncErrors.push(String(e && e.message ? e.message : e).slice(0, 200)));

const PROPERTY_SETS = {
  vant: {
    'picker/index': { columns: ['杭州', '宁波', '温州'] },
    'picker-column/index': { initialOptions: ['a', 'b'] },
  },
};

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const [libName, ...flags] = process.argv.slice(2);
  const lib = LIBS[libName];
  if (!lib) throw new Error(`unknown library "${libName}" (vant | tdesign)`);
  const opts = { builtins: flags.includes('--builtins'), wxs: flags.includes('--wxs'), fields: flags.includes('--fields') };
  const files = libraryFiles(lib);
  const t0 = process.hrtime.bigint();
  const { GlassEaselLibrary, shadowTree } = require('./glass-easel');
  require('glass-easel-template-compiler');
  require('glass-easel-miniprogram-adapter');
  const loadMs = ms(t0);
  const g = new GlassEaselLibrary(lib, files, opts);
  const compiled = g.compile();
  const compileErrors = [...compiled.perFile].filter(([, r]) => r.errors.length).map(([f, r]) => [f, r.errors[0]]);
  const warnings = [...compiled.perFile].reduce((n, [, r]) => n + r.warnings.length, 0);
  const defined = g.defineAll();
  const t1 = process.hrtime.bigint();
  const results = [];
  for (const c of files.components) {
    if (defined.defineErrors.has(c.path)) {
      results.push({ path: c.path, stage: 'define', error: defined.defineErrors.get(c.path) });
      continue;
    }
    const r = g.render(c.path);
    const rec = { path: c.path, stage: r.ok ? 'ok' : 'render', error: r.error };
    if (r.comp) {
      rec.tree = shadowTree(r.comp);
      rec.data = JSON.parse(JSON.stringify(r.comp.data, (k, v) => (typeof v === 'function' ? undefined : v)) ?? '{}');
    }
    results.push(rec);
  }
  const renderMs = ms(t1);
  // Property sets beyond the defaults, where WXS semantics decide the output (issue 11: vant's
  // picker columns stay empty when `x.constructor === 'Array'` answers false).
  for (const [p, props] of Object.entries(PROPERTY_SETS[libName] || {})) {
    if (defined.defineErrors.has(p)) continue;
    const r = g.render(p);
    if (!r.comp) continue;
    r.comp.getMethodCaller().setData(props);
    const rec = { path: `${p} ${JSON.stringify(props)}`, base: p, stage: r.ok ? 'ok' : 'render', error: r.error, extra: true };
    rec.tree = shadowTree(r.comp);
    rec.data = JSON.parse(JSON.stringify(r.comp.data, (k, v) => (typeof v === 'function' ? undefined : v)) ?? '{}');
    results.push(rec);
  }
  // Let timers started by attached/ready run (errors there are the component's too).
  await new Promise((r) => setTimeout(r, 50));

  let diff;
  if (flags.includes('--diff')) {
    const { WccLibrary, normaliseWcc, normalisePlain, diffTrees } = require('./wcc');
    const w = new WccLibrary(lib.dir, files.wxml, files.wxs);
    diff = {
      wccMs: w.ms,
      wccCompiled: w.ok.length,
      wccErrors: [...w.fileErrors],
      compared: 0,
      matched: 0,
      oracleFailed: [],
      kinds: {},
      perComponent: [],
    };
    for (const rec of results) {
      if (!rec.tree) continue;
      const base = rec.base || rec.path;
      const json = files.components.find((c) => c.path === base).json;
      const comps = new Set([...Object.keys(json.usingComponents || {}), ...Object.keys(json.componentGenerics || {})]);
      const isComponent = (tag) => comps.has(tag);
      let oracle;
      try {
        oracle = w.render(base + '.wxml', rec.data);
      } catch (e) {
        diff.oracleFailed.push([rec.path, String(e.message || e).slice(0, 120)]);
        continue;
      }
      const d = diffTrees(normalisePlain(rec.tree, isComponent), normaliseWcc(oracle, isComponent));
      diff.compared++;
      if (!d.length) diff.matched++;
      const kinds = [...new Set(d.map((x) => x.kind))];
      for (const k of kinds) (diff.kinds[k] = diff.kinds[k] || []).push(rec.path);
      diff.perComponent.push({ path: rec.path, differences: d.length, kinds, first: d.slice(0, 3) });
    }
  }
  for (const r of results) {
    delete r.tree;
    delete r.data;
  }
  const out = {
    engine: 'glass-easel',
    lib: libName,
    options: opts,
    wxml: files.wxml.length,
    wxs: files.wxs.length,
    components: files.components.length,
    loadMs,
    compileMs: compiled.ms,
    compileFailed: compileErrors,
    compileWarnings: warnings,
    wxsRewrites: compiled.wxsRewrites,
    defineMs: defined.ms,
    renderMs,
    defined: files.components.length - defined.defineErrors.size,
    rendered: results.filter((r) => r.stage === 'ok' && !r.extra).length,
    failures: results.filter((r) => r.stage !== 'ok'),
    asyncErrors,
    diff,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
