/**
 * Fault hooks of the Alibaba VOD control plane, so tests can drive the upload
 * SDK's error paths: fail the next N calls of an action with a POP error
 * (status, Code, Message), drop their connection, or delay them; expire every
 * issued credential now. The rule book is the COS/OSS hooks' (simulator/servers/fault-rules.ts),
 * keyed by action name.
 */
import { FaultRules, type RuleAction } from '../fault-rules';

/** What happens to a call a rule catches. */
export type VodFaultAction = RuleAction<{ kind: 'fail'; status: number; code: string; message: string }>;

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
export class VodFaults extends FaultRules<string, Extract<VodFaultAction, { kind: 'fail' }>> {
  constructor(onExpire: () => void) {
    super('vod.faults', onExpire);
  }

  protected checkOp(action: string): void {
    if (typeof action !== 'string' || action === '') throw new TypeError('vod.faults: action must be an action name or *');
  }

  /** The next `count` calls of `action` get an error response. */
  failNext(action: string, o: VodFailOptions = {}): void {
    const count = o.count ?? 1;
    this.check(action, count);
    const status = o.status ?? 503;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new TypeError('vod.faults: status must be 400..599');
    const code = o.code ?? 'ServiceUnavailable';
    this.add(action, count, { kind: 'fail', status, code, message: o.message ?? `Injected fault (${code}).` });
  }
}
