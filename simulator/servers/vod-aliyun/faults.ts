/**
 * Fault hooks of the Alibaba VOD control plane, so tests can drive the upload
 * SDK's error paths: fail the next N calls of an action with a POP error
 * (status, Code, Message), drop their connection, or delay them; expire every
 * issued credential now. Same shape as the COS/OSS hooks, keyed by action name.
 */

/** What happens to a call a rule catches. */
export type VodFaultAction =
  { kind: 'fail'; status: number; code: string; message: string } | { kind: 'reset' } | { kind: 'delay'; ms: number };

interface Rule {
  action: string;
  remaining: number;
  effect: VodFaultAction;
}

/** Options of {@link VodFaults.failNext}. */
export interface VodFailOptions {
  /** How many matching calls fail (default 1). */
  count?: number;
  /** HTTP status (default 503). */
  status?: number;
  /** POP error code (default `ServiceUnavailable`). */
  code?: string;
  /** Message (default a generic one). */
  message?: string;
}

/** The fault-hook surface (`vod.faults`). `*` matches every action. */
export class VodFaults {
  private rules: Rule[] = [];

  constructor(private readonly onExpire: () => void) {}

  private check(action: string, count: number): void {
    if (typeof action !== 'string' || action === '') throw new TypeError('vod.faults: action must be an action name or *');
    if (!Number.isInteger(count) || count < 1) throw new TypeError('vod.faults: count must be a positive integer');
  }

  /** The next `count` calls of `action` get an error response. */
  failNext(action: string, o: VodFailOptions = {}): void {
    const count = o.count ?? 1;
    this.check(action, count);
    const status = o.status ?? 503;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new TypeError('vod.faults: status must be 400..599');
    const code = o.code ?? 'ServiceUnavailable';
    this.rules.push({
      action,
      remaining: count,
      effect: { kind: 'fail', status, code, message: o.message ?? `Injected fault (${code}).` },
    });
  }

  /** The next `count` calls of `action` have their connection destroyed without a response. */
  resetNext(action: string, count = 1): void {
    this.check(action, count);
    this.rules.push({ action, remaining: count, effect: { kind: 'reset' } });
  }

  /** The next `count` calls of `action` wait `ms` before being handled. */
  delayNext(action: string, ms: number, count = 1): void {
    this.check(action, count);
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError('vod.faults: ms must be >= 0');
    this.rules.push({ action, remaining: count, effect: { kind: 'delay', ms } });
  }

  /** Every STS credential issued so far stops working now. */
  expireCredentials(): void {
    this.onExpire();
  }

  /** Drops every pending rule. */
  clear(): void {
    this.rules = [];
  }

  /** Number of pending rule uses. */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  /** @internal The effects for one call (delays first, at most one terminal effect). */
  take(action: string): VodFaultAction[] {
    const out: VodFaultAction[] = [];
    let terminal = false;
    for (const r of this.rules) {
      if (r.remaining <= 0 || (r.action !== '*' && r.action !== action)) continue;
      if (r.effect.kind !== 'delay') {
        if (terminal) continue;
        terminal = true;
      }
      r.remaining--;
      out.push(r.effect);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return out.sort((a, b) => (a.kind === 'delay' ? -1 : 0) - (b.kind === 'delay' ? -1 : 0));
  }
}
