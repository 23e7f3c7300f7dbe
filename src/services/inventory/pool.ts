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

/**
 * A fixed set of parse workers, each taking the next job as soon as it is free. A worker takes jobs
 * once it has loaded its extractors and said so; until one has (`ready`), a caller may do the work
 * itself rather than wait. A worker that dies (out of memory on one huge file, say) fails only its own
 * job, and is replaced by one with a new source number; one that dies before it was ready is not
 * replaced, since its successor would most likely fail the same way. `onCompact` sees every compact
 * result as it arrives, in each worker's sending order.
 */
export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Waiting>();
  private readonly all = new Set<Worker>();
  private readonly started = new Set<Worker>();
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
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.all];
    this.all.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private spawn(): void {
    // a worker holds one file at a time: small heaps keep the whole process's memory down
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 96 },
    });
    const source = this.nextSource++;
    worker.on('message', (reply: WorkerMessage) => {
      if (reply.kind === 'ready') {
        this.started.add(worker);
        this.ready = true;
        if (this.all.has(worker)) this.idle.push(worker);
        this.next();
        return;
      }
      const waiting = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      try {
        if (reply.kind === 'compact') this.onCompact(source, reply.compact);
        waiting?.resolve({ reply, source });
      } catch (error) {
        waiting?.reject(error as Error);
      }
      this.next();
    });
    worker.on('error', (error) => {
      const waiting = this.busy.get(worker);
      this.busy.delete(worker);
      this.all.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      waiting?.reject(error);
      if (this.started.has(worker) && (this.all.size > 0 || waiting)) this.spawn();
      this.started.delete(worker);
      this.next();
    });
    this.all.add(worker);
  }

  private next(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const item = this.queue.shift() as (typeof this.queue)[number];
      this.busy.set(worker, { resolve: item.resolve, reject: item.reject });
      const { content } = item.request;
      worker.postMessage(item.request, typeof content === 'string' ? [] : [content.buffer as ArrayBuffer]);
    }
  }
}
