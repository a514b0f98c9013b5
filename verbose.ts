/**
 * `mpsim run --verbose` and the jest environment's `verbose` option: one
 * readable line per finished wx call (name, arguments, outcome, time) and per
 * network request (method, URL, status or error, bytes down/up, time).
 */
import type { Simulator } from './index';
import { callLogOf, formatCall } from './runtime/calls';
import type { RequestRecord } from './simulator/network';

export function formatRequest(r: RequestRecord): string {
  const ms = r.endedAt !== undefined ? `${r.endedAt - r.startedAt} ms` : 'pending';
  const outcome = r.error !== undefined ? `fail ${r.error}` : String(r.statusCode ?? '-');
  return `[net] ${r.method} ${r.url} ${outcome} ${r.bytesReceived} B down ${r.bytesSent} B up ${ms}${r.fault ? ` (fault ${r.fault})` : ''}`;
}

/** Prints every wx call and network request of `sim` with `write`. Returns the detach function. */
export function attachVerbose(sim: Simulator, write: (line: string) => void): () => void {
  const offCalls = callLogOf(sim.host).onEnd((r) => write(formatCall(r)));
  const offNet = sim.device.network.onRequestEnd((r) => write(formatRequest(r)));
  return () => {
    offCalls();
    offNet();
  };
}
