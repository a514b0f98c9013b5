/**
 * Progress bars for long transfers under `mpsim run` on a TTY (stderr), fed by
 * the network layer's live request records. Quiet when stderr is not a TTY, and
 * for transfers under `minBytes` (small requests would only flicker).
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { RequestRecord } from '../simulator/network';

export interface ProgressSource {
  readonly requests: readonly RequestRecord[];
}

export function showTransferProgress(source: ProgressSource, opts: { stream?: NodeJS.WriteStream; minBytes?: number } = {}): () => void {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY) return () => undefined;
  const minBytes = opts.minBytes ?? 4 * 1024 * 1024;
  // cli-progress redraws on a ref'd timer: a MultiBar exists only while a tracked
  // transfer is running, so it never keeps the script's process alive on its own.
  let multi: MultiBar | undefined;
  const bars = new Map<number, { bar: SingleBar; upload: boolean; record: RequestRecord }>();
  const seen = new Set<number>();
  const mib = (n: number) => Math.round((n / 1048576) * 10) / 10;
  const tick = () => {
    for (const r of source.requests) {
      if (seen.has(r.id) || r.endedAt !== undefined) continue;
      const upload = (r.bytesToSend ?? 0) >= minBytes;
      const total = upload ? r.bytesToSend : r.bytesToReceive;
      if (total === undefined || total < minBytes) continue;
      seen.add(r.id);
      multi ??= new MultiBar(
        {
          stream,
          format: ' {api} {bar} {percentage}% | {value}/{total} MiB | {url}',
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
        },
        Presets.shades_classic,
      );
      bars.set(r.id, { bar: multi.create(mib(total), 0, { api: r.api.padEnd(12), url: r.url.slice(0, 60) }), upload, record: r });
    }
    for (const e of bars.values()) e.bar.update(mib(e.upload ? e.record.bytesSent : e.record.bytesReceived));
    if (multi && [...bars.values()].every((e) => e.record.endedAt !== undefined)) {
      multi.stop();
      multi = undefined;
      bars.clear();
    }
  };
  const timer = setInterval(tick, 200);
  timer.unref();
  return () => {
    clearInterval(timer);
    tick();
    multi?.stop();
  };
}
