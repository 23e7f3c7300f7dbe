import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractResult } from '../../core/inventory.js';
import type { CompactResult } from './compact.js';

export interface JobRequest {
  job: number;
  /** Ids of the extractors to try, in order. */
  extractors: string[];
  rel: string;
  base: string;
  /** The file's text, or its bytes (transferred, not copied) for the worker to hash and decode. */
  content: string | Uint8Array;
  /** Send the whole result rather than the compact form (to cache it). */
  full: boolean;
}

export type JobReply =
  | { job: number; kind: 'result'; extractor: string; result: ExtractResult; readOthers: boolean }
  | {
      job: number;
      kind: 'compact';
      extractor: string;
      compact: CompactResult;
      readOthers: boolean;
      /** sha256 of the content, when it was sent as bytes. */
      sha256?: string;
    }
  | { job: number; kind: 'error'; extractor: string; code: string; message: string; line: number | undefined }
  | { job: number; kind: 'crash'; extractor: string; message: string }
  | { job: number; kind: 'none' };

/** What a worker posts: replies to jobs, and once, when it has loaded its extractors, that it is ready. */
export type WorkerMessage = JobReply | { kind: 'ready' };

/** The compiled worker; absent when running from TypeScript sources (tests), where scans stay in-process. */
const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));

export function workersAvailable(): boolean {
  return existsSync(workerFile);
}

/** A reply and the worker it came from: each worker encodes compact results with ids of its own. */
export interface PoolReply {
  reply: JobReply;
  source: number;
}

type Waiting = { resolve: (reply: PoolReply) => void; reject: (e: Error) => void };

/** Jobs a worker holds at once: the next is waiting in its queue when it finishes one, rather than sent
 * only once this thread has seen the reply (which waits while this thread is busy merging). */
const DEPTH = 2;

/**
 * A fixed set of parse workers, each holding up to DEPTH jobs. A worker takes jobs once it has loaded
 * its extractors and said so; until one has (`ready`), a caller may do the work itself rather than
 * wait. A worker that dies (out of memory on one huge file, say) fails only the jobs it holds, and is
 * replaced by one with a new source number; one that dies before it was ready is not replaced, since
 * its successor would most likely fail the same way. `onCompact` sees every compact result as it
 * arrives, in each worker's sending order.
 */
export class ParsePool {
  /** Per worker that is ready: the jobs it holds, by job number. */
  private readonly held = new Map<Worker, Map<number, Waiting>>();
  private readonly all = new Set<Worker>();
  private readonly queue: ({ request: JobRequest } & Waiting)[] = [];
  private nextSource = 1;
  /** Whether any worker has been ready to take jobs. */
  ready = false;

  constructor(
    size: number,
    private readonly onCompact: (source: number, compact: CompactResult) => void,
    /** For tests: another worker script. */
    private readonly script: string | URL = workerFile,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  /** Workers running or starting. */
  get size(): number {
    return this.all.size;
  }

  run(request: JobRequest): Promise<PoolReply> {
    if (this.all.size === 0) return Promise.reject(new Error('the parse pool has no workers left'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.all];
    this.all.clear();
    this.held.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private spawn(): void {
    // a worker holds a file or two at a time: small heaps keep the whole process's memory down
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 96 },
    });
    const source = this.nextSource++;
    let started = false;
    worker.on('message', (reply: WorkerMessage) => {
      if (reply.kind === 'ready') {
        started = true;
        this.ready = true;
        if (this.all.has(worker)) this.held.set(worker, new Map());
        this.next();
        return;
      }
      const jobs = this.held.get(worker);
      const waiting = jobs?.get(reply.job);
      jobs?.delete(reply.job);
      try {
        if (reply.kind === 'compact') this.onCompact(source, reply.compact);
        waiting?.resolve({ reply, source });
      } catch (error) {
        waiting?.reject(error as Error);
      }
      this.next();
    });
    worker.on('error', (error) => {
      const jobs = this.held.get(worker);
      this.held.delete(worker);
      this.all.delete(worker);
      for (const waiting of jobs?.values() ?? []) waiting.reject(error);
      if (started && (this.all.size > 0 || (jobs?.size ?? 0) > 0)) this.spawn();
      if (this.all.size === 0) {
        // none left to take the queued jobs: their callers do them themselves
        this.ready = false;
        for (const item of this.queue.splice(0)) item.reject(error);
      }
      this.next();
    });
    this.all.add(worker);
  }

  private next(): void {
    while (this.queue.length > 0) {
      // the ready worker holding the fewest jobs, if any has room
      let worker: Worker | undefined;
      let fewest = DEPTH;
      for (const [w, jobs] of this.held) {
        if (jobs.size < fewest) {
          worker = w;
          fewest = jobs.size;
        }
      }
      if (!worker) return;
      const item = this.queue.shift() as (typeof this.queue)[number];
      this.held.get(worker)?.set(item.request.job, { resolve: item.resolve, reject: item.reject });
      const { content } = item.request;
      worker.postMessage(item.request, typeof content === 'string' ? [] : [content.buffer as ArrayBuffer]);
    }
  }
}
