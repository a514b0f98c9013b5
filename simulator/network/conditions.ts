/**
 * Network conditions of one Device, per host pattern: added latency, a
 * bandwidth cap, "fail the next N requests" and "hang". Offline lives in
 * Device.connectivity (one source of truth shared with getNetworkType).
 *
 * Each setter applies to requests whose host matches `host` (exact or `*` =
 * one label; default every host). For latency/throttle/hang the most recent
 * matching setting wins; failNext counters are consumed in the order they were
 * added.
 */
import { hostMatches } from './routing';

export interface HostFilter {
  /** Host pattern (exact or `*` = one label). Default: every host. */
  host?: string;
}

/** What to do instead of a normal exchange. */
export type FailSpec = { status: number } | { reset: 'mid-body' };

/** The plan for one request, computed when it is sent. */
export interface RequestPlan {
  latencyMs: number;
  /** Bytes per second (upload and download); 0 = unlimited. */
  uploadBps: number;
  downloadBps: number;
  /** Directive for the Cloud: `status=<code>`, `reset` or `hang`. */
  fault?: string;
}

interface Setting<T> {
  host?: string;
  value: T;
}

export class NetworkConditions {
  private latencies: Array<Setting<number>> = [];
  private throttles: Array<Setting<{ upload: number; download: number }>> = [];
  private hangs: Array<Setting<boolean>> = [];
  private fails: Array<Setting<FailSpec> & { remaining: number }> = [];

  /** Adds `ms` of latency before each matching request is sent (0 removes). */
  latency(ms: number, filter: HostFilter = {}): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new TypeError('mpsim.network.latency: ms must be a finite number ≥ 0');
    this.latencies.push({ host: filter.host, value: ms });
  }

  /**
   * Caps bandwidth in bytes per second; a number caps both directions, or pass
   * `{ upload, download }` (0 or omitted = unlimited).
   */
  throttle(bytesPerSecond: number | { upload?: number; download?: number }, filter: HostFilter = {}): void {
    const v =
      typeof bytesPerSecond === 'number'
        ? { upload: bytesPerSecond, download: bytesPerSecond }
        : { upload: bytesPerSecond.upload ?? 0, download: bytesPerSecond.download ?? 0 };
    if (![v.upload, v.download].every((n) => Number.isFinite(n) && n >= 0))
      throw new TypeError('mpsim.network.throttle: bytes per second must be finite numbers ≥ 0');
    this.throttles.push({ host: filter.host, value: v });
  }

  /** The next `n` matching requests get the status (from the Cloud, body `mpsim: injected status N`) or a connection reset mid-body. */
  failNext(n: number, spec: FailSpec, filter: HostFilter = {}): void {
    if (!Number.isInteger(n) || n < 1) throw new TypeError('mpsim.network.failNext: n must be a positive integer');
    if ('status' in spec) {
      if (!Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599)
        // a 1xx is not a final response: the client would wait for the real one
        throw new TypeError('mpsim.network.failNext: status must be 200..599');
    } else if (spec.reset !== 'mid-body') throw new TypeError("mpsim.network.failNext: use { status } or { reset: 'mid-body' }");
    this.fails.push({ host: filter.host, value: spec, remaining: n });
  }

  /** Matching requests reach the server's host but never get an answer (exercise timeouts). `hang(false)`-style undo: `reset()`. */
  hang(filter: HostFilter = {}): void {
    this.hangs.push({ host: filter.host, value: true });
  }

  /** Removes every condition. */
  reset(): void {
    this.latencies = [];
    this.throttles = [];
    this.hangs = [];
    this.fails = [];
  }

  /** Computes (and consumes failNext counters for) one request to `hostname`. */
  plan(hostname: string): RequestPlan {
    const last = <T>(list: Array<Setting<T>>): T | undefined => {
      for (let i = list.length - 1; i >= 0; i--) if (!list[i].host || hostMatches(list[i].host!, hostname)) return list[i].value;
      return undefined;
    };
    const throttle = last(this.throttles);
    const plan: RequestPlan = {
      latencyMs: last(this.latencies) ?? 0,
      uploadBps: throttle?.upload ?? 0,
      downloadBps: throttle?.download ?? 0,
    };
    if (last(this.hangs)) plan.fault = 'hang';
    else {
      const fail = this.fails.find((f) => f.remaining > 0 && (!f.host || hostMatches(f.host, hostname)));
      if (fail) {
        fail.remaining--;
        plan.fault = 'status' in fail.value ? `status=${fail.value.status}` : 'reset';
      }
      this.fails = this.fails.filter((f) => f.remaining > 0);
    }
    return plan;
  }
}
