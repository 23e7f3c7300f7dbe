import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractResult } from '../../core/inventory.js';

export interface JobRequest {
  job: number;
  /** Ids of the extractors to try, in order. */
  extractors: string[];
  rel: string;
  base: string;
  content: string;
}

export type JobReply =
  | { job: number; kind: 'result'; extractor: string; result: ExtractResult; readOthers: boolean }
  | { job: number; kind: 'error'; extractor: string; code: string; message: string; line: number | undefined }
  | { job: number; kind: 'crash'; extractor: string; message: string }
  | { job: number; kind: 'none' };

/** The compiled worker; absent when running from TypeScript sources (tests), where scans stay in-process. */
const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));

export function workersAvailable(): boolean {
  return existsSync(workerFile);
}

/** A fixed set of parse workers, each taking the next job as soon as it is free. */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: {
    request: JobRequest;
    resolve: (reply: JobReply) => void;
    reject: (e: Error) => void;
  }[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (reply: JobReply) => void; reject: (e: Error) => void }
  >();

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      // a worker holds one file at a time: a small heap keeps the whole process's memory down
      const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
      worker.on('message', (reply: JobReply) => {
        const waiting = this.pending.get(reply.job);
        this.pending.delete(reply.job);
        waiting?.resolve(reply);
        this.idle.push(worker);
        this.next();
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run(request: JobRequest): Promise<JobReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private next(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const item = this.queue.shift() as (typeof this.queue)[number];
      this.pending.set(item.request.job, { resolve: item.resolve, reject: item.reject });
      worker.postMessage(item.request);
    }
  }
}
