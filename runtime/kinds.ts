/**
 * What each function on `wx` is, for the coverage table (docs/wx-api-coverage.md)
 * and `mpsim.kindOf(name)`:
 *
 *   simulated   — real behaviour with state on the Device or the cloud
 *   scripted    — answered by the scripted user (`mpsim.user.*`), defaults documented
 *   recorded    — accepted, recorded (mpsim.calls / the records it keeps), nothing else to simulate
 *   unsupported — present, fails the way the client fails for a capability this phone lacks
 *
 * Families tag what they install with `tag(wx, kind, names)`. Functions other
 * areas install are `simulated` unless listed in OTHER_AREAS_KINDS.
 */
export type ApiKind = 'simulated' | 'scripted' | 'recorded' | 'unsupported';

export const API_KIND = Symbol.for('mpsim.apiKind');

export function tag(wx: Record<string, unknown>, kind: ApiKind, names: readonly string[]): void {
  for (const n of names) {
    const fn = wx[n];
    if (typeof fn !== 'function') throw new Error(`mpsim internal: wx.${n} is not installed (tagging it ${kind})`);
    Object.defineProperty(fn, API_KIND, { value: kind, configurable: true });
  }
}

/** Kinds of APIs installed by other families (media choosers answer from the scripted user). */
const OTHER_AREAS_KINDS: Readonly<Record<string, ApiKind>> = {
  chooseImage: 'scripted',
  chooseMedia: 'scripted',
  chooseVideo: 'scripted',
  chooseMessageFile: 'scripted',
  previewImage: 'recorded',
  showModal: 'scripted',
  showActionSheet: 'scripted',
};

export function kindOf(wx: Record<string, unknown>, name: string): ApiKind | undefined {
  const fn = wx[name];
  if (typeof fn !== 'function') return undefined;
  const k = (fn as unknown as Record<symbol, ApiKind | undefined>)[API_KIND];
  return k ?? OTHER_AREAS_KINDS[name] ?? 'simulated';
}
