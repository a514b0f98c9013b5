/**
 * simulator/network/abort.ts: the cheap per-task abort signal, on its own and as
 * the `signal` of a real undici request (undici duck-types it).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { TaskController } from '../../simulator/network/abort';

describe('TaskController', () => {
  it('abort() sets aborted and reason and runs each listener once, in order', () => {
    const c = new TaskController();
    const calls: string[] = [];
    c.addEventListener('abort', () => calls.push(`a:${String(c.reason)}`));
    c.signal.addEventListener('abort', () => calls.push('b'), { once: true });
    expect(c.aborted).toBe(false);
    c.abort('why');
    c.abort('again');
    expect([c.aborted, c.reason]).toEqual([true, 'why']);
    expect(calls).toEqual(['a:why', 'b']);
  });

  it('a removed listener does not run; one added after abort is not kept (callers check `aborted` first)', () => {
    const c = new TaskController();
    const fn = jest.fn();
    c.addEventListener('abort', fn);
    c.removeEventListener('abort', fn);
    c.abort(1);
    c.addEventListener('abort', fn);
    c.abort(2);
    expect(fn).not.toHaveBeenCalled();
  });

  it('ignores other event types and non-functions', () => {
    const c = new TaskController();
    const fn = jest.fn();
    (c.addEventListener as (t: string, f: unknown) => void)('other', fn);
    (c.addEventListener as (t: string, f: unknown) => void)('abort', 'not a function');
    c.abort(0);
    expect(fn).not.toHaveBeenCalled();
  });

  describe('as the signal of an undici request', () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      // answers /slow after 10 s, everything else at once
      server = http.createServer((req, res) => {
        if (req.url === '/slow') setTimeout(() => res.end('late'), 10000).unref();
        else res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('a request completes and leaves no listener behind', async () => {
      const c = new TaskController();
      const res = await request(`${url}/fast`, { signal: c.signal as AbortSignal });
      expect(await res.body.text()).toBe('ok');
      await new Promise((r) => setImmediate(r)); // undici drops its listener when the body stream closes
      expect((c as unknown as { listeners: unknown[] }).listeners).toHaveLength(0);
    });

    it('abort(reason) cuts a request in flight with that reason', async () => {
      const c = new TaskController();
      const reason = new Error('cut by the task');
      const pending = request(`${url}/slow`, { signal: c.signal as AbortSignal });
      setTimeout(() => c.abort(reason), 50);
      await expect(pending).rejects.toBe(reason);
    });

    it('an already aborted controller fails the request before it is sent', async () => {
      const c = new TaskController();
      c.abort(new Error('too late'));
      await expect(request(`${url}/fast`, { signal: c.signal as AbortSignal })).rejects.toThrow('too late');
    });
  });
});
