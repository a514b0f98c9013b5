/**
 * The names the whole-surface families installed (runtime/auth.ts, location.ts,
 * device-apis.ts, app.ts, album-save.ts, contexts.ts, worker.ts, report.ts,
 * unsupported.ts): every one carries an explicit kind tag. Their bad input is
 * covered by tests/reliability/bad-input-surface.test.ts.
 */
import { API_KIND } from '../../runtime/kinds';

export function surfaceNames(wx: Record<string, unknown>): Set<string> {
  return new Set(
    Object.keys(wx).filter((k) => typeof wx[k] === 'function' && (wx[k] as unknown as Record<symbol, unknown>)[API_KIND] !== undefined),
  );
}
