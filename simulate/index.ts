/**
 * mpsim/simulate: miniprogram-simulate's API on mpsim's component runtime and
 * real `wx`. Switch a suite with one line of jest config:
 *
 *   moduleNameMapper: { '^miniprogram-simulate$': 'mpsim/simulate' },
 *   testEnvironment: 'mpsim/jest-environment',
 *
 * This module is the part that lives in the test file's module registry: it
 * runs component scripts with the test's own `require` (jest's transforms,
 * `jest.mock`, `jest.spyOn` on shared modules apply) and hands everything else
 * to the engine the environment loaded next to the Simulator (simulate/engine.ts).
 */
import type { SessionHooks, SimulateApi } from './engine';

type Factory = (hooks: SessionHooks) => SimulateApi;

const factory = (globalThis as Record<symbol, unknown>)[Symbol.for('mpsim.simulate')] as Factory | undefined;
if (typeof factory !== 'function') {
  throw new Error(
    "mpsim/simulate runs in mpsim's jest environment: set testEnvironment: 'mpsim/jest-environment' in your jest config (or a @jest-environment docblock)",
  );
}

const g = globalThis as unknown as Record<string, unknown>;

const api = factory({
  runScript(absPath: string, register: (options: unknown) => void): void {
    const had = Object.getOwnPropertyDescriptor(g, 'Component');
    Object.defineProperty(g, 'Component', { value: register, configurable: true, writable: true, enumerable: false });
    try {
      // The test's require: jest resolves `.js`/`.ts` and applies the project's transforms.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's require is the point
      require(absPath);
    } finally {
      if (had) Object.defineProperty(g, 'Component', had);
      else delete g.Component;
    }
  },
});

// Tests written for miniprogram-simulate run under jsdom and use its `document`
// (`comp.attach(document.createElement('parent-wrapper'))`): give them the one components render into.
if (g.document === undefined) {
  Object.defineProperty(g, 'document', {
    get: () => api.document,
    set: (value: unknown) => Object.defineProperty(g, 'document', { value, configurable: true, writable: true }),
    configurable: true,
  });
}

const simulate = {
  behavior: api.behavior,
  load: api.load,
  render: api.render,
  match: api.match,
  sleep: api.sleep,
  scroll: api.scroll,
};

export = Object.assign(simulate, { default: simulate });
