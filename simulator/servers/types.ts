/**
 * The shape every local cloud server has, so the network layer can mount it
 * behind host routing (and `mpsim serve` behind a real port) without knowing
 * what it serves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LocalServer {
  /** Short name, e.g. `echo`, `cos`, `appserver`. */
  readonly name: string;
  /**
   * Host patterns this server answers for: exact (`test.url`) or with `*` wildcards
   * matching one DNS label each (`*.cos.*.myqcloud.com`).
   */
  readonly hosts: readonly string[];
  /** Handles one HTTP request (HTTP/1.1; the original Host header is preserved). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Releases files, timers and anything else the server holds. */
  close?(): Promise<void>;
}
