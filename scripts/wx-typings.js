'use strict';
/**
 * Build step (`npm run build`): copies the `WechatMiniprogram` declaration files of
 * miniprogram-api-typings into dist/wx-typings/ for typings/wx.d.ts, minus two things that
 * break a Node/jest project without `skipLibCheck`:
 * - the package entry (types/wx/index.d.ts) declares mini-program runtime globals (`console`,
 *   `require`, `module`, `exports`, timers) that clash with @types/node — typings/wx.d.ts
 *   declares its helper types instead;
 * - lib.wx.xr-frame.d.ts declares `HTMLCanvasElement`, `ImageData`, `HTMLImageElement` as `any`
 *   at global scope, which clashes with lib.dom (in TypeScript's default `lib`). It is left out
 *   and the one use of it in lib.wx.api.d.ts (`getXrFrameSystem()`) is typed `any`.
 * Copying at build time keeps the files exactly those of the installed miniprogram-api-typings.
 */
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(path.dirname(require.resolve('miniprogram-api-typings/package.json')), 'types', 'wx');
const out = path.join(__dirname, '..', 'dist', 'wx-typings');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
let copied = 0;
for (const name of fs.readdirSync(src)) {
  if (!name.startsWith('lib.wx.') || !name.endsWith('.d.ts')) continue;
  if (name === 'lib.wx.xr-frame.d.ts' || name === 'lib.wx.phys3D.d.ts') continue;
  let text = fs.readFileSync(path.join(src, name), 'utf8');
  if (name === 'lib.wx.api.d.ts') {
    const before = text;
    text = text.replace('/// <reference path="./lib.wx.xr-frame.d.ts" />', '').replace("import('XrFrame').IXrFrameSystem", 'any');
    if (text === before || text.includes("import('XrFrame") || text.includes('xr-frame.d.ts'))
      throw new Error(`scripts/wx-typings.js: ${name} changed shape; update the patch`);
  }
  fs.writeFileSync(path.join(out, name), text);
  copied++;
}
if (copied < 10) throw new Error(`scripts/wx-typings.js: only ${copied} lib.wx.*.d.ts files found in ${src}`);
fs.copyFileSync(path.join(src, '..', '..', 'LICENSE'), path.join(out, 'LICENSE'));
