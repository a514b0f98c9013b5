/**
 * The `WechatMiniprogram` namespace (the `wx` API, App/Page/Component/Behavior types) of
 * miniprogram-api-typings, without what breaks a Node/jest project that does not set
 * `skipLibCheck`: that package's entry declares the mini-program runtime's globals (`console`,
 * `require`, `module`, `exports`, timers), which clash with @types/node, and its xr-frame file
 * declares `HTMLCanvasElement` & co. as `any`, which clashes with lib.dom. `npm run build`
 * copies the other declaration files into dist/wx-typings/ (scripts/wx-typings.js).
 *
 * The helper types below are those of miniprogram-api-typings' `types/wx/index.d.ts`
 * (MIT, Copyright (c) 2025 Tencent, Inc.), which the copied files rely on.
 */
/// <reference path="../dist/wx-typings/lib.wx.app.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.page.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.api.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.cloud.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.canvas.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.component.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.glass-easel.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.behavior.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.event.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.wasm.d.ts" />
/// <reference path="../dist/wx-typings/lib.wx.skyline.d.ts" />

declare namespace WechatMiniprogram {
  type IAnyObject = Record<string, any>;
  type Optional<F> = F extends (arg: infer P) => infer R ? (arg?: P) => R : F;
  type OptionalInterface<T> = { [K in keyof T]: Optional<T[K]> };
  interface AsyncMethodOptionLike {
    success?: (...args: any[]) => void;
  }
  type PromisifySuccessResult<P, T extends AsyncMethodOptionLike> = P extends { success: any }
    ? void
    : P extends { fail: any }
      ? void
      : P extends { complete: any }
        ? void
        : Promise<Parameters<Exclude<T['success'], undefined>>[0]>;
  type IIRFilterNode = any;
  type WaveShaperNode = any;
  type ConstantSourceNode = any;
  type OscillatorNode = any;
  type GainNode = any;
  type BiquadFilterNode = any;
  type PeriodicWaveNode = any;
  type AudioNode = any;
  type ChannelSplitterNode = any;
  type ChannelMergerNode = any;
  type DelayNode = any;
  type DynamicsCompressorNode = any;
  type ScriptProcessorNode = any;
  type PannerNode = any;
  type AnalyserNode = any;
  type WebGLTexture = any;
  type WebGLRenderingContext = any;
}
