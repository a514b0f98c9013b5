/**
 * Host routing: which LocalServer answers for a hostname. Patterns are exact
 * (`test.url`) or carry `*` wildcards that match exactly one DNS label
 * (`*.cos.*.myqcloud.com`). Matching is case-insensitive and ignores a port.
 * Later routes win over earlier ones, so `mpsim.network.route()` can override a
 * default server for one host.
 */
import type { LocalServer } from '../servers/types';

/** Lower-cased hostname without port or trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** Does `hostname` match `pattern` (`*` = one label)? */
export function hostMatches(pattern: string, hostname: string): boolean {
  const p = normalizeHost(pattern).split('.');
  const h = normalizeHost(hostname).split('.');
  if (p.length !== h.length) return false;
  return p.every((label, i) => (label === '*' ? h[i].length > 0 : label === h[i]));
}

export interface Route {
  pattern: string;
  server: LocalServer;
}

interface CompiledRoute extends Route {
  labels: string[];
}

/**
 * Routes are matched on every request (by the transport and again by the Cloud),
 * against ~80 patterns once OSS's regional hosts are mounted: patterns are split
 * once, and answers are cached per hostname until the table changes.
 */
export class RoutingTable {
  private readonly routes: CompiledRoute[] = [];
  private readonly cache = new Map<string, LocalServer | undefined>();

  /** Adds a route (wins over every earlier one for the hosts it matches). Returns a remover. */
  add(pattern: string, server: LocalServer): () => void {
    const normal = normalizeHost(pattern);
    const route: CompiledRoute = { pattern: normal, server, labels: normal.split('.') };
    this.routes.push(route);
    this.cache.clear();
    return () => {
      const i = this.routes.indexOf(route);
      if (i >= 0) this.routes.splice(i, 1);
      this.cache.clear();
    };
  }

  /** Adds every host pattern a server declares. */
  mount(server: LocalServer): void {
    for (const pattern of server.hosts) this.add(pattern, server);
  }

  /** Removes every route to `server`. */
  unmount(server: LocalServer): void {
    for (let i = this.routes.length - 1; i >= 0; i--) if (this.routes[i].server === server) this.routes.splice(i, 1);
    this.cache.clear();
  }

  /** The server for a hostname (or Host header value), or undefined. */
  match(hostname: string): LocalServer | undefined {
    if (this.cache.has(hostname)) return this.cache.get(hostname);
    const h = normalizeHost(hostname).split('.');
    let found: LocalServer | undefined;
    for (let i = this.routes.length - 1; i >= 0 && !found; i--) {
      const p = this.routes[i].labels;
      if (p.length === h.length && p.every((label, j) => (label === '*' ? h[j].length > 0 : label === h[j]))) found = this.routes[i].server;
    }
    if (this.cache.size > 10000) this.cache.clear(); // bounded: hostnames come from user code
    this.cache.set(hostname, found);
    return found;
  }

  list(): readonly Route[] {
    return this.routes.map(({ pattern, server }) => ({ pattern, server }));
  }
}
