/**
 * Everything this simulated phone lacks — AR/XR (VKSession, getXrFrameSystem),
 * Bluetooth and BLE, Beacons, NFC and HCE, Wi-Fi, SOTER, facial recognition,
 * VoIP, transit cards and secure element passes, live pusher, TCP/UDP
 * sockets, video decoding, inference... — installed last, for every method of
 * `WechatMiniprogram.Wx` (runtime/wx-catalog.ts) no family installed, with the
 * client's calling shape:
 *
 *   async     → `<api>:fail not support` through the convention (errno 1 is not
 *               claimed: the client's per-family errCodes differ and are not modelled)
 *   sync      → throws `<api>:fail not support`
 *   listener  → accepts and keeps the listener; the event never fires
 *   factory   → an object with every member of its interface, each failing so
 *
 * The reason text: WeChat's clients answer `<api>:fail not support` for an API
 * the platform lacks (UNCONFIRMED per API; configurable with
 * `mpsim.phone.unsupportedReason`).
 *
 * Not installed here: `createSelectorQuery` and `createIntersectionObserver`,
 * which the page engine installs (runtime/page/selector-query.ts).
 */
import { ApiError, defineAsync, defineSync, ListenerSet } from './convention';
import { buildObject, NOT_SUPPORTED } from './contexts';
import type { RuntimeHost } from './host';
import { tag } from './kinds';
import { WX_METHODS } from './wx-catalog';

/** Owned by the page engine (runtime/page): never stubbed here. */
export const PAGE_ENGINE_APIS: ReadonlySet<string> = new Set(['createSelectorQuery', 'createIntersectionObserver']);

export function installUnsupported(host: RuntimeHost, wx: Record<string, unknown>): void {
  const phone = host.device.phone;
  const reason = () => phone.unsupportedReason ?? NOT_SUPPORTED;
  const names: string[] = [];
  for (const [name, entry] of Object.entries(WX_METHODS)) {
    if (typeof wx[name] === 'function' || PAGE_ENGINE_APIS.has(name)) continue;
    switch (entry.style) {
      case 'async':
        wx[name] = defineAsync(host, name, { promise: entry.promise === true }, () => {
          throw new ApiError(reason());
        });
        break;
      case 'sync':
        wx[name] = defineSync(host, name, [], () => {
          throw new ApiError(reason());
        });
        break;
      case 'listener': {
        const set = new ListenerSet<unknown>(host, `at ${name} callback function`);
        wx[name] = (fn?: unknown) => (name.startsWith('on') ? set.on(fn) : set.off(fn));
        break;
      }
      case 'factory':
        wx[name] = () => buildObject(host, entry.returns ?? name, 'unsupported').object;
        break;
    }
    names.push(name);
  }
  tag(wx, 'unsupported', names);

  // Skyline-only properties: present, every function fails the same way.
  const failing = (owner: string, members: readonly string[]) =>
    Object.fromEntries(
      members.map((m) => [
        m,
        defineSync(host, m, [], () => {
          throw new ApiError(reason());
        }),
      ]),
    );
  if (wx.router === undefined) wx.router = failing('router', ['addRouteBuilder', 'getRouteContext', 'removeRouteBuilder']);
  if (wx.worklet === undefined)
    wx.worklet = failing('worklet', [
      'shared',
      'derived',
      'timing',
      'spring',
      'decay',
      'sequence',
      'repeat',
      'delay',
      'runOnJS',
      'runOnUI',
      'cancelAnimation',
    ]);
}
