/**
 * `mpsim.network`: the test/script surface over one Device's network (msw/nock
 * style names). Documented in README "Network" and typings/index.d.ts.
 */
import type { CertificateMode } from '../cloud';
import type { Device } from '../device';
import type { LocalServer } from '../servers/types';
import type { FailSpec, HostFilter } from './conditions';
import { defaultRules, type NetworkRules, type RequestRecord } from './index';

export interface NetworkRulesPatch extends Partial<Omit<NetworkRules, 'messages'>> {
  messages?: Partial<NetworkRules['messages']>;
}

export interface NetworkControl {
  /** The phone loses its connection: getNetworkType says `none`, tasks in flight and new ones fail. */
  offline(): void;
  /** Back online (previous network type). */
  online(): void;
  /** Adds latency (ms) before each matching request. */
  latency(ms: number, filter?: HostFilter): void;
  /** Caps bandwidth, bytes/s (both directions, or `{upload, download}`). */
  throttle(bytesPerSecond: number | { upload?: number; download?: number }, filter?: HostFilter): void;
  /** The next n matching requests get `{status}` or `{reset: 'mid-body'}`. */
  failNext(n: number, spec: FailSpec, filter?: HostFilter): void;
  /** Matching requests never get a response (until timeout or abort). */
  hang(filter?: HostFilter): void;
  /** Removes all conditions, goes back online and restores the default rules. */
  reset(): void;
  /** Patches the rules (deep for `messages`) and returns the rules now in force. */
  rules(patch?: NetworkRulesPatch): NetworkRules;
  /** Routes a host pattern to a server on the Cloud. Returns a function removing the route. */
  route(pattern: string, server: LocalServer): () => void;
  /** Mounts a server on the Cloud on its own `hosts` patterns (a later mount wins). */
  mount(server: LocalServer): void;
  /** Makes hosts matching `pattern` present a `valid`, `untrusted` (other CA) or `expired` certificate. */
  certificate(pattern: string, mode: CertificateMode): void;
  /** Every request this Device sent, oldest first. */
  readonly requests: readonly RequestRecord[];
  /** The Cloud's servers by name (e.g. `servers.echo.log`). */
  readonly servers: Readonly<Record<string, LocalServer>>;
  /** Host path of the simulator CA certificate (PEM). */
  readonly caCertPath: string | undefined;
}

export function createNetworkControl(device: Device): NetworkControl {
  const net = device.network;
  const cloud = () => {
    const c = net.attachedCloud;
    if (!c) throw new Error('mpsim.network: this simulator has no cloud (created with cloud: false)');
    return c;
  };
  return {
    offline: () => device.connectivity.setOffline(true),
    online: () => device.connectivity.setOffline(false),
    latency: (ms, filter) => net.conditions.latency(ms, filter),
    throttle: (bps, filter) => net.conditions.throttle(bps, filter),
    failNext: (n, spec, filter) => net.conditions.failNext(n, spec, filter),
    hang: (filter) => net.conditions.hang(filter),
    reset: () => {
      net.conditions.reset();
      device.connectivity.setOffline(false);
      net.rules = defaultRules();
    },
    rules: (patch) => {
      if (patch) {
        const { messages, ...rest } = patch;
        net.rules = { ...net.rules, ...rest, messages: { ...net.rules.messages, ...messages } };
      }
      return net.rules;
    },
    route: (pattern, server) => cloud().route(pattern, server),
    mount: (server) => cloud().mount(server),
    certificate: (pattern, mode) => {
      cloud().setCertificate(pattern, mode);
      net.resetConnections();
    },
    get requests() {
      return net.requests;
    },
    get servers() {
      return net.attachedCloud?.servers ?? {};
    },
    get caCertPath() {
      return net.attachedCloud?.caCertPath;
    },
  };
}
