/**
 * `mpsim/globals`: the globals `testEnvironment: 'mpsim/jest-environment'` (and `mpsim run`)
 * installs, typed for test files. Add it once, either in a test file:
 *
 *   /// <reference types="mpsim/globals" />
 *
 * or for every file in tsconfig.json: `"types": ["jest", "node", "mpsim/globals"]`.
 */
/// <reference path="./wx.d.ts" />

/** The mini-program `wx` API on the simulated phone. */
declare var wx: WechatMiniprogram.Wx;
/** mpsim's control surface: the phone's album, user, network, the local cloud's servers, `launch`. */
declare var mpsim: import('./index').MpsimControl;
