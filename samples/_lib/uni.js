/**
 * Loads uni-app's real mp-weixin runtime (Vue 3 line) from node_modules on top of `wx`,
 * doing what uni-app's mp-weixin build does before app code runs (harness code, not doc code):
 *   - the build's constants: `process.env.UNI_PLATFORM = 'mp-weixin'` (and UNI_SUB_PLATFORM);
 *   - the build's alias `vue` → `@dcloudio/uni-mp-vue` (uni-app's Vue runtime for mini
 *     programs; the API file imports one hook helper from it);
 *   - the global `uni`: the default export of `@dcloudio/uni-mp-weixin/dist/uni.api.esm.js`,
 *     which the build injects wherever app code says `uni`.
 * The ES-module files go through the developer tools' compile step, as any mini-program
 * module does. Note what the runtime itself does on load (as on a phone): it replaces the
 * global `wx` with a copy of its function members.
 */
const Module = require('node:module');

function loadUni() {
  process.env.UNI_PLATFORM = 'mp-weixin';
  process.env.UNI_SUB_PLATFORM = process.env.UNI_SUB_PLATFORM || '';
  const resolve = Module._resolveFilename;
  const vue = require.resolve('@dcloudio/uni-mp-vue');
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === 'vue' && parent && /[\\/]node_modules[\\/]@dcloudio[\\/]/.test(parent.filename || '')) return vue;
    return resolve.call(this, request, parent, ...rest);
  };
  try {
    const uni = require('@dcloudio/uni-mp-weixin/dist/uni.api.esm.js').default;
    globalThis.uni = uni;
    return uni;
  } finally {
    Module._resolveFilename = resolve;
  }
}

module.exports = { loadUni };
