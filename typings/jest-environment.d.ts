/**
 * `testEnvironment: 'mpsim/jest-environment'`. Options go in
 * `testEnvironmentOptions: { mpsim: { ... } }` (or a `@jest-environment-options` docblock).
 */
import type { SimulatorOptions } from './index';

export interface EnvironmentOptions extends Omit<SimulatorOptions, 'global' | 'console'> {
  /** `'log'` (default, as the phone): an unhandled rejection is logged (`Uncaught (in promise) …`); `'fail'`: the test fails. */
  unhandledRejections?: 'log' | 'fail';
  /** `'log'` (default, as the phone): an error thrown by page or app code (`thirdScriptError`) is logged; `'fail'`: the test fails. */
  pageErrors?: 'log' | 'fail';
}

declare const MpsimEnvironment: new (...args: any[]) => unknown;
export default MpsimEnvironment;
export { MpsimEnvironment as TestEnvironment };
