/**
 * Loads the real Taro 4 runtime for weapp from node_modules on top of `wx`, doing what a
 * Taro weapp build does before app code runs (harness code, not doc code):
 *   - the build's compile-time constants: `process.env.TARO_ENV = 'weapp'`,
 *     `process.env.TARO_PLATFORM = 'mini'`, and the `ENABLE_*` DOM switches of
 *     @tarojs/runtime (false here: DOM features the network APIs never touch);
 *   - the platform plugin's runtime entry (`@tarojs/plugin-platform-weapp/dist/runtime`),
 *     which registers `initNativeApi` — the wrapper that turns every `wx.*` into `Taro.*`;
 *   - then `@tarojs/taro`, which calls it with the `wx` of this phone.
 * The ES-module files (runtime, shared) go through the developer tools' compile step, as
 * any mini-program module does.
 */
const SWITCHES = [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER',
];

function loadTaro() {
  process.env.TARO_ENV = 'weapp';
  process.env.TARO_PLATFORM = 'mini';
  for (const name of SWITCHES) if (!(name in globalThis)) globalThis[name] = false;
  require('@tarojs/plugin-platform-weapp/dist/runtime');
  return require('@tarojs/taro');
}

module.exports = { loadTaro };
