/**
 * The rule book behind every server's fault hooks (`cos.faults`, `oss` through the same class,
 * `vod.faults`): the next N requests of an operation fail, have their connection reset, or wait;
 * issued credentials can be expired now. Each server says which operation names exist and what
 * its `fail` carries (COS: status + error code + Date; VOD: a POP error); the counting, matching
 * and ordering live here once.
 */

/** What happens to a request a rule catches; `Fail` is the server's own failure shape. */
export type RuleAction<Fail> = Fail | { kind: 'reset' } | { kind: 'delay'; ms: number };

interface Rule<Op, Fail> {
  op: Op | '*';
  remaining: number;
  action: RuleAction<Fail>;
}

export abstract class FaultRules<Op extends string, Fail extends { kind: 'fail' }> {
  private rules: Rule<Op, Fail>[] = [];

  /** `label` starts every error message (`cos.faults`, `vod.faults`). */
  protected constructor(
    protected readonly label: string,
    private readonly onExpire: () => void,
  ) {}

  /** Throws a TypeError when `op` is not an operation of this server (`*` is always one). */
  protected abstract checkOp(op: string): void;

  protected check(op: string, count: number): void {
    this.checkOp(op);
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`${this.label}: count must be a positive integer`);
  }

  /** Adds a checked rule. */
  protected add(op: Op | '*', count: number, action: RuleAction<Fail>): void {
    this.rules.push({ op, remaining: count, action });
  }

  /** The next `count` requests of `op` have their connection destroyed without a response. */
  resetNext(op: Op | '*', count = 1): void {
    this.check(op, count);
    this.add(op, count, { kind: 'reset' });
  }

  /** The next `count` requests of `op` wait `ms` before being handled. */
  delayNext(op: Op | '*', ms: number, count = 1): void {
    this.check(op, count);
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`${this.label}: ms must be >= 0`);
    this.add(op, count, { kind: 'delay', ms });
  }

  /** Every credential issued so far stops working now. */
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

  /** @internal The actions for one request (delays first, at most one terminal action). */
  take(op: Op): RuleAction<Fail>[] {
    const out: RuleAction<Fail>[] = [];
    let terminal = false;
    for (const r of this.rules) {
      if (r.remaining <= 0 || (r.op !== '*' && r.op !== op)) continue;
      if (r.action.kind !== 'delay') {
        if (terminal) continue;
        terminal = true;
      }
      r.remaining--;
      out.push(r.action);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return out.sort((a, b) => (a.kind === 'delay' ? -1 : 0) - (b.kind === 'delay' ? -1 : 0));
  }
}
