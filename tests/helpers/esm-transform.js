/**
 * Jest transform for the framework runtimes the tests load from node_modules (@tarojs/*,
 * @dcloudio/*): their ES-module files become CommonJS with the same sucrase `imports`
 * transform the developer tools' compile step applies to mini-program code
 * (simulator/compile), so jest loads them as `mpsim run` does. CommonJS files pass as is.
 */
const { transform } = require('sucrase');

module.exports = {
  process(source, filename) {
    if (!/^\s*(import|export)\b/m.test(source)) return { code: source };
    const out = transform(source, { transforms: ['imports'], disableESTransforms: true, filePath: filename });
    return { code: out.code };
  },
};
