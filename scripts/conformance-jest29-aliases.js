/**
 * setupFilesAfterEnv of a conformance run (scripts/conformance.ts): the suites were written
 * for jest ≤ 29, whose `expect` still had the matcher aliases jest 30 removed
 * (`toBeCalled` → `toHaveBeenCalled`, …). They are restored here as calls of the very matchers
 * jest registers under the current names, so an alias asserts exactly what jest 29's did.
 */
/* global expect */
const matchers = globalThis[Symbol.for('$$jest-matchers-object')].matchers;
const aliases = {
  toBeCalled: 'toHaveBeenCalled',
  toBeCalledTimes: 'toHaveBeenCalledTimes',
  toBeCalledWith: 'toHaveBeenCalledWith',
  lastCalledWith: 'toHaveBeenLastCalledWith',
  nthCalledWith: 'toHaveBeenNthCalledWith',
  toReturn: 'toHaveReturned',
  toReturnTimes: 'toHaveReturnedTimes',
  toReturnWith: 'toHaveReturnedWith',
  lastReturnedWith: 'toHaveLastReturnedWith',
  nthReturnedWith: 'toHaveNthReturnedWith',
  toThrowError: 'toThrow',
};
const restored = {};
for (const [alias, name] of Object.entries(aliases)) {
  const matcher = matchers[name];
  if (matchers[alias] || !matcher) continue;
  restored[alias] = function (...args) {
    return matcher.apply(this, args);
  };
}
expect.extend(restored);
