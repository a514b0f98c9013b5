// Prototype: a library's components on glass-easel + glass-easel-miniprogram-adapter, templates
// compiled by glass-easel-template-compiler (WebAssembly), rendered into happy-dom through
// glass-easel's CurrentWindowBackendContext. Measurement only (docs/decisions/010-page-engine-glass-easel.md).
//
// Options: `builtins` registers the client's built-in behaviours (wx://form-field, …) that the
// adapter cannot resolve from a string; `wxs` applies the `.constructor` transform of
// wxs-semantics.js (the getRegExp/getDate globals are installed always); `fields` keeps component
// fields off glass-easel's nodes (globalOptions.writeFieldsToNode = false). Library JS that is an ES module (TDesign) is
// turned into CommonJS with mpsim's compile step (simulator/compile).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { installWxsGlobals, transformWxs } = require('./wxs-semantics');

/** happy-dom as the current window: glass-easel's DOM backend uses the global `document`. */
function ensureDom() {
  if (globalThis.document) return;
  const { Window } = require('happy-dom');
  const win = new Window({ url: 'https://servicewechat.com/' });
  globalThis.window = win;
  globalThis.document = win.document;
}

/** A canned `wx` with what the libraries call while defining/creating components (prototype only). */
function stubWx() {
  const win = { windowWidth: 375, windowHeight: 667, pixelRatio: 2, statusBarHeight: 20, screenWidth: 375, screenHeight: 667 };
  return {
    getSystemInfoSync: () => ({ ...win, platform: 'devtools', SDKVersion: '3.0.0', version: '8.0.5', system: 'iOS 16' }),
    getWindowInfo: () => ({ ...win, safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 } }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 16' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.0.0', version: '8.0.5' }),
    getSystemSetting: () => ({}),
    canIUse: () => true,
    nextTick: (f) => setTimeout(f, 0),
    getMenuButtonBoundingClientRect: () => ({ top: 24, height: 32, width: 87, left: 281, right: 368, bottom: 56 }),
    createSelectorQuery: () => {
      const q = {
        in: () => q,
        select: () => q,
        selectAll: () => q,
        selectViewport: () => q,
        boundingClientRect: () => q,
        fields: () => q,
        scrollOffset: () => q,
        exec: (cb) => cb && setTimeout(() => cb([]), 0),
      };
      return q;
    },
  };
}

const BUILTIN_BEHAVIORS = {
  // The client: a custom component with this behaviour is a form control; <form> collects name/value.
  'wx://form-field': { properties: { name: { type: String, value: '' }, value: { type: null, value: '' } } },
  // <form> collects the form fields of this component's descendants.
  'wx://form-field-group': {},
  // A <button form-type> inside this component submits/resets the enclosing <form>.
  'wx://form-field-button': {},
  // The `export` definition field decides what selectComponent returns.
  'wx://component-export': {},
  // The component stands in for a <scroll-view> (its scroll properties/events); TDesign's
  // pull-down-refresh and scroll-view list it. Nothing to add for rendering.
  'wx://proxy-scroll-view': {},
};

class GlassEaselLibrary {
  constructor(lib, files, options = {}) {
    ensureDom();
    this.glassEasel = require('glass-easel');
    this.lib = lib;
    this.files = files;
    this.options = { builtins: !!options.builtins, wxs: !!options.wxs, fields: !!options.fields };
    // Methods and properties live on the adapter's method caller (`this` of component code), not
    // on the glass-easel node: written to the node, a property named `dataset` (vant's button)
    // collides with the node's own `dataset` setter and creation throws.
    if (this.options.fields) this.glassEasel.globalOptions.writeFieldsToNode = false;
    const { MiniProgramEnv } = require('glass-easel-miniprogram-adapter');
    this.env = new MiniProgramEnv();
    this.cs = this.env.createCodeSpace('', true);
    this.backend = this.env.associateBackend(new this.glassEasel.CurrentWindowBackendContext());
    this.mods = new Map();
    this.errors = [];
    this.glassEasel.addGlobalErrorListener((err, method, comp) => {
      const is = comp && (typeof comp === 'string' ? comp : comp.is);
      this.errors.push({ is, method, message: err instanceof Error ? err.message : String(err), stack: err && err.stack });
      return false; // recorded here; do not also print
    });
    this.glassEasel.addGlobalWarningListener(() => false);
    this.builtins = {};
    if (this.options.builtins) {
      this.cs.componentEnv('wx-builtin-behaviors', ({ Behavior }) => {
        for (const [name, def] of Object.entries(BUILTIN_BEHAVIORS)) this.builtins[name] = Behavior(def);
      });
    }
    this.wx = stubWx();
    // getRegExp/getDate are needed in every configuration: vant's WXS calls getRegExp at module
    // load, and without it evaluating the compiled template group throws (no component renders).
    installWxsGlobals(globalThis);
  }

  /** Compiles every .wxml/.wxs of the library: per-file fatal errors and warnings, and the time. */
  compile() {
    const { TmplGroup } = require('glass-easel-template-compiler');
    const t0 = process.hrtime.bigint();
    const group = new TmplGroup();
    const perFile = new Map();
    let wxsRewrites = 0;
    const prep = (src) => {
      if (!this.options.wxs) return src;
      const r = transformWxs(src);
      wxsRewrites += r.rewrites;
      return r.code;
    };
    for (const f of this.files.wxs) {
      const src = prep(fs.readFileSync(path.join(this.lib.dir, f), 'utf8'));
      try {
        group.addScript(f, src);
        group.addScript(f.slice(0, -4), src);
        perFile.set(f, { errors: [], warnings: [] });
      } catch (e) {
        perFile.set(f, { errors: [String(e)], warnings: [] });
      }
    }
    for (const f of this.files.wxml) {
      const src = fs.readFileSync(path.join(this.lib.dir, f), 'utf8');
      const rec = { errors: [], warnings: [] };
      try {
        const tp = f.slice(0, -5);
        for (const w of group.addTmpl(tp, src) || [])
          (w.isError ? rec.errors : rec.warnings).push(`${w.message} @${w.startLine + 1}:${w.startColumn + 1}`);
        if (this.options.wxs)
          for (const m of group.getInlineScriptModuleNames(tp)) group.setInlineScript(tp, m, prep(group.getInlineScript(tp, m)));
      } catch (e) {
        rec.errors.push(String(e));
      }
      perFile.set(f, rec);
    }
    this.gen = new Function('return ' + group.getTmplGenObjectGroups())();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    group.free();
    return { ms, perFile, wxsRewrites };
  }

  /** Loads a library JS module (CommonJS; ES modules through mpsim's compile step) with the mini-program globals. */
  load(file) {
    const hit = this.mods.get(file);
    if (hit) return hit.exports;
    let src = fs.readFileSync(file, 'utf8');
    // ES modules through mpsim's own compile step (dist/, built by `npm run build`).
    src = require('../../dist/simulator/compile').compileModule(src, file).code;
    const m = { exports: {} };
    this.mods.set(file, m);
    const fn = vm.runInThisContext('(function(require,module,exports,Component,Behavior,wx,getApp,getCurrentPages,Page){' + src + '\n})', {
      filename: file,
    });
    const tryFile = (p) => {
      for (const c of [p, p + '.js', p + '/index.js']) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
      return undefined;
    };
    const req = (r) => {
      let hit;
      if (r.startsWith('.') || r.startsWith('/'))
        hit = tryFile(r.startsWith('/') ? path.join(this.lib.dir, r) : path.resolve(path.dirname(file), r));
      else {
        // A bare name from miniprogram_npm, walking up to the library root (TDesign ships dayjs,
        // marked, tinycolor2 and tslib in miniprogram_dist/miniprogram_npm), as the client does.
        for (let d = path.dirname(file); !hit && d.startsWith(this.lib.dir); d = path.dirname(d))
          hit = tryFile(path.join(d, 'miniprogram_npm', r));
      }
      if (hit) return this.load(hit);
      throw new Error(`module "${r}" is not defined (from ${path.relative(this.lib.dir, file)})`);
    };
    // Component/Behavior resolve at call time: a shared module (vant's common/component.js) is
    // loaded once and calls the global Component for every component defined later.
    fn(
      req,
      m,
      m.exports,
      (def) => globalThis.Component(this.withBuiltins(def)),
      (def) => globalThis.Behavior(this.withBuiltins(def)),
      this.wx,
      () => ({}),
      () => [],
      (d) => globalThis.Page(d),
    );
    return m.exports;
  }

  withBuiltins(def) {
    if (!this.options.builtins || !def || !Array.isArray(def.behaviors)) return def;
    return { ...def, behaviors: def.behaviors.map((b) => (typeof b === 'string' && this.builtins[b]) || b) };
  }

  /** Registers static configs + templates, then runs each component's JS: define errors by component. */
  defineAll() {
    const t0 = process.hrtime.bigint();
    const defineErrors = new Map();
    for (const c of this.files.components) {
      this.cs.addComponentStaticConfig(c.path, c.json);
      if (this.gen[c.path]) this.cs.addCompiledTemplate(c.path, { groupList: this.gen, content: this.gen[c.path] });
    }
    for (const c of this.files.components) {
      const before = this.errors.length;
      try {
        this.cs.globalComponentEnv(globalThis, c.path, () => this.load(path.join(this.lib.dir, c.path + '.js')));
        if (this.errors.length > before) defineErrors.set(c.path, this.errors[before].message);
        else if (!this.cs.getComponentSpace().getComponentByUrlWithoutDefault(c.path, ''))
          defineErrors.set(c.path, 'Component() not called');
      } catch (e) {
        defineErrors.set(c.path, String(e && e.message ? e.message : e).slice(0, 200));
      }
    }
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, defineErrors };
  }

  /** Creates the component with its defaults and attaches it (created → attached → ready). */
  render(compPath) {
    const before = this.errors.length;
    const placeholder = document.createElement('span');
    document.body.appendChild(placeholder);
    let root;
    try {
      root = this.backend.createRoot(this.lib.prefix + '-root', this.cs, compPath);
      root.attach(document.body, placeholder);
    } catch (e) {
      if (placeholder.parentNode) placeholder.remove();
      return { ok: false, error: String(e && e.message ? e.message : e).slice(0, 200), stack: e && e.stack };
    }
    const comp = root.getComponent();
    const errs = this.errors.slice(before).filter((e) => !/not unique/.test(e.message));
    return { ok: errs.length === 0, error: errs[0] && errs[0].message.slice(0, 200), root, comp };
  }
}

/**
 * The component's own shadow tree as a plain tree (what its template produced), for the wcc diff:
 * {tag, attrs, children} / {text}. Virtual nodes (wx:if/wx:for/block/include) are flattened;
 * <slot> is kept as tag 'slot'; child components are leaves with their host attributes.
 */
function shadowTree(comp) {
  const ge = require('glass-easel');
  const out = [];
  const visit = (node, into) => {
    if (node instanceof ge.TextNode) {
      into.push({ text: node.textContent });
      return;
    }
    const el = node;
    if (el instanceof ge.VirtualNode) {
      if (el.is === 'slot') {
        into.push({ tag: 'slot', attrs: {}, children: [] });
        return;
      }
      for (const c of el.childNodes) visit(c, into);
      return;
    }
    const attrs = {};
    if (el.id) attrs.id = el.id;
    if (el.class) attrs.class = el.class;
    if (el.style) attrs.style = el.style;
    if (el.slot) attrs.slot = el.slot;
    for (const a of el.attributes) attrs[a.name] = a.value;
    for (const [k, v] of Object.entries(el.dataset || {})) attrs['data-' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())] = v;
    let tag;
    if (el instanceof ge.Component) tag = el.tagName;
    else tag = el.is;
    const children = [];
    // Children: a native node's, or the slot content this template gives a child component.
    for (const c of el.childNodes) visit(c, children);
    into.push({ tag, attrs, children });
  };
  for (const c of comp.getShadowRoot().childNodes) visit(c, out);
  return out;
}

module.exports = { GlassEaselLibrary, shadowTree, BUILTIN_BEHAVIORS };
