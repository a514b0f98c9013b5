/**
 * The abort signal of one network task, and a cheap implementation of it.
 *
 * Every wx.request / uploadFile / downloadFile needs one signal (task.abort(),
 * the timeout, the phone going offline). Node 20's AbortController builds an
 * EventTarget per signal: ~5 µs per task, the largest single cost of a small
 * wx.request in the profile (bench "small wx.request": 115 ms of 20,000 requests).
 * `TaskController` does the same job with a plain array of listeners.
 *
 * undici accepts it as a request `signal`: it duck-types the object (uses
 * `addEventListener`/`removeEventListener` when present, reads `aborted` and
 * `reason`; undici 7 lib/api/api-request.js, lib/core/util.js addAbortListener).
 * Node's AbortController satisfies {@link AbortLikeController} too, so a caller of
 * `DeviceNetwork.exchange` may pass either.
 */

/** What the network code needs of an abort signal. */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What the network code needs of a controller; Node's AbortController fits too. */
export interface AbortLikeController {
  readonly signal: AbortLike;
  abort(reason?: unknown): void;
}

/** A controller and its signal in one object: `abort(reason)` fires every listener once. */
export class TaskController implements AbortLike, AbortLikeController {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  /** The signal (this object), for code written against AbortController. */
  get signal(): AbortLike {
    return this;
  }

  addEventListener(type: 'abort', listener: () => void): void {
    // every listener runs at most once (abort happens once), as with `{ once: true }`
    if (type === 'abort' && !this.aborted && typeof listener === 'function') this.listeners.push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort') return;
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const fn of listeners) {
      try {
        fn();
      } catch (err) {
        // as an EventTarget listener's exception: reported, the other listeners still run
        process.nextTick(() => {
          throw err;
        });
      }
    }
  }
}
