// Child process of bench/engine/index.js: one library on mpsim's own page engine (runtime/page,
// built to dist/ — run `npm run build` first). Templates: parseWxml + validateTemplate (every
// {{ }} parsed) per file. Components: a generated project with one page per component (the page
// uses the component with its defaults, as a test would), opened with app.reLaunch through the
// real PagesRuntime/harness; a component fails when opening rejects, a script error is reported,
// or its element is missing. `--diff`: every component instance on each page compared with wcc
// (its own tree on its own data; see instance-trees.js). `--esm-to-cjs` gives the project the library's JS already
// turned into CommonJS by the compile step ahead of time, to see past it.
//   node bench/engine/measure-ours.js vant
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LIBS, libraryFiles, tagOf, ROOT } = require('./libs');

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const asyncErrors = [];
process.on('unhandledRejection', (e) => asyncErrors.push(String(e && e.message ? e.message : e).slice(0, 200)));

function makeProject(lib, files, esmToCjs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-engine-'));
  const npmDir = path.join(dir, 'miniprogram_npm', lib.name);
  fs.mkdirSync(npmDir, { recursive: true });
  fs.cpSync(lib.dir, npmDir, { recursive: true });
  if (esmToCjs) {
    // Kept to measure the engine as it was before the compile step (the loader now compiles ES modules itself).
    const { compileModule } = require('../../dist/simulator/compile');
    for (const f of files.js) {
      const p = path.join(npmDir, f);
      fs.writeFileSync(p, compileModule(fs.readFileSync(p, 'utf8'), p).code);
    }
  }
  const pages = [];
  files.components.forEach((c, i) => {
    const page = `pages/c${i}/index`;
    pages.push(page);
    const tag = tagOf(lib, c.path);
    fs.mkdirSync(path.join(dir, 'pages', `c${i}`), { recursive: true });
    fs.writeFileSync(path.join(dir, page + '.js'), 'Page({});\n');
    fs.writeFileSync(
      path.join(dir, page + '.json'),
      JSON.stringify({ usingComponents: { [tag]: `/miniprogram_npm/${lib.name}/${c.path}` } }),
    );
    fs.writeFileSync(path.join(dir, page + '.wxml'), `<${tag} id="subject"></${tag}>\n`);
  });
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/home/index', ...pages] }));
  fs.mkdirSync(path.join(dir, 'pages', 'home'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pages/home/index.js'), 'Page({});\n');
  fs.writeFileSync(path.join(dir, 'pages/home/index.wxml'), '<view>home</view>\n');
  fs.writeFileSync(path.join(dir, 'app.js'), 'App({});\n');
  return { dir, pages };
}

/** The data as the view layer holds it: a JSON-like copy without functions, undefined or cycles (code may mutate data in place into one). */
function viewCopy(v, stack = []) {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (stack.includes(v)) return undefined;
  stack.push(v);
  try {
    if (Array.isArray(v)) return v.map((x) => viewCopy(x, stack) ?? null);
    const out = {};
    for (const k of Object.keys(v)) {
      const c = viewCopy(v[k], stack);
      if (c !== undefined) out[k] = c;
    }
    return out;
  } finally {
    stack.pop();
  }
}

async function main() {
  const [libName, ...flags] = process.argv.slice(2);
  const lib = LIBS[libName];
  if (!lib) throw new Error(`unknown library "${libName}" (vant | tdesign)`);
  const esmToCjs = flags.includes('--esm-to-cjs');
  const files = libraryFiles(lib);
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.js'))) throw new Error('dist/ missing: run npm run build');
  const t0 = process.hrtime.bigint();
  const { createSimulator } = require(path.join(dist, 'index.js'));
  const { TemplateLoader } = require(path.join(dist, 'runtime/page/template.js'));
  const { validateTemplate } = require(path.join(dist, 'runtime/page/vdom.js'));
  const { stateOf } = require(path.join(dist, 'runtime/page/instance.js'));
  const { ownTree, instancesUnder } = require('./instance-trees');
  const diffWanted = flags.includes('--diff');
  const mount = `miniprogram_npm/${lib.name}/`;
  const loadMs = ms(t0);

  // Templates, each file on its own (a failing import would otherwise hide the importer's own errors).
  const t1 = process.hrtime.bigint();
  const compileFailed = [];
  for (const f of files.wxml) {
    const loader = new TemplateLoader({
      readText: (rel) => (fs.existsSync(path.join(lib.dir, rel)) ? fs.readFileSync(path.join(lib.dir, rel), 'utf8') : undefined),
    });
    try {
      validateTemplate(loader.load(f));
    } catch (e) {
      compileFailed.push([f, String(e.message || e).slice(0, 160)]);
    }
  }
  const compileMs = ms(t1);

  const { dir, pages } = makeProject(lib, files, esmToCjs);
  const logged = [];
  const capture =
    (level) =>
    (...a) =>
      logged.push(
        level +
          ': ' +
          a
            .map((x) => (x && x.message ? x.message : String(x)))
            .join(' ')
            .replace(/\s+/g, ' ')
            .slice(0, 240),
      );
  // Warnings are not failures (glass-easel's are not counted either); script errors are.
  const cons = { log() {}, info() {}, debug() {}, warn() {}, error: capture('error') };
  const sim = await createSimulator({ cloud: false, defaultAlbum: false, console: cons });
  sim.install(globalThis);
  const t2 = process.hrtime.bigint();
  const app = await sim.mpsim.launch(dir);
  const results = [];
  const trees = new Map();
  for (let i = 0; i < files.components.length; i++) {
    const c = files.components[i];
    const before = logged.length;
    let error;
    try {
      const page = await app.reLaunch('/' + pages[i]);
      const host = page.$('#subject');
      if (!host) error = 'component element not rendered';
      else if (diffWanted) {
        // Every component instance on the page, each with its own tree and data (instance-trees.js).
        const list = [];
        for (const inst of instancesUnder(page.instance, stateOf)) {
          const st = stateOf(inst);
          const tf = st.world.templateOf(st.def);
          if (!tf || !tf.file.startsWith(mount)) continue;
          list.push({ file: tf.file.slice(mount.length), tree: ownTree(st), data: viewCopy(inst.data) });
        }
        trees.set(c.path, list);
      }
    } catch (e) {
      error = String(e && e.message ? e.message : e).slice(0, 200);
    }
    if (!error && logged.length > before) error = logged[before];
    results.push({ path: c.path, stage: error ? 'render' : 'ok', error });
  }
  const renderMs = ms(t2);
  let diff;
  if (diffWanted) {
    // Each component instance's own tree (child-component hosts with the slot content this
    // template gives them) against wcc's render of its template on its data — as
    // tests/conformance/wcc-differential.test.ts does. A component counts as equal when every
    // instance on its page is.
    const { WccLibrary, normaliseWcc, normalisePlain, diffTrees } = require('./wcc');
    const w = new WccLibrary(lib.dir, files.wxml, files.wxs);
    const usingOf = new Map();
    const isComponentIn = (file) => {
      if (!usingOf.has(file)) {
        let json = {};
        try {
          json = JSON.parse(fs.readFileSync(path.join(lib.dir, file.replace(/\.wxml$/, '.json')), 'utf8'));
        } catch {
          // no .json: no components
        }
        usingOf.set(file, new Set([...Object.keys(json.usingComponents || {}), ...Object.keys(json.componentGenerics || {})]));
      }
      const tags = usingOf.get(file);
      return (tag) => tags.has(tag);
    };
    diff = { perInstance: true, compared: 0, matched: 0, instances: 0, oracleFailed: [], kinds: {}, perComponent: [] };
    const opts = { dropSlots: true };
    for (const r of results) {
      const list = r.stage === 'ok' && trees.get(r.path);
      if (!list) continue;
      const d = [];
      for (const t of list) {
        const isComponent = isComponentIn(t.file);
        let oracle;
        try {
          oracle = w.render(t.file, t.data);
        } catch (e) {
          diff.oracleFailed.push([t.file, String(e.message || e).slice(0, 120)]);
          continue;
        }
        diff.instances++;
        for (const x of diffTrees(normalisePlain(t.tree, isComponent, opts), normaliseWcc(oracle, isComponent, opts)))
          d.push({ file: t.file, ...x });
      }
      diff.compared++;
      if (!d.length) diff.matched++;
      const kinds = [...new Set(d.map((x) => x.kind))];
      for (const k of kinds) (diff.kinds[k] = diff.kinds[k] || []).push(r.path);
      diff.perComponent.push({ path: r.path, instances: list.length, differences: d.length, kinds, first: d.slice(0, 3) });
    }
  }
  await app.close();
  await sim.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      engine: 'ours',
      lib: libName,
      options: { esmToCjs },
      wxml: files.wxml.length,
      components: files.components.length,
      loadMs,
      compileMs,
      compileFailed,
      renderMs,
      rendered: results.filter((r) => r.stage === 'ok').length,
      failures: results.filter((r) => r.stage !== 'ok'),
      asyncErrors,
      diff,
    }) + '\n',
  );
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
