import { parentPort, workerData } from 'node:worker_threads';
import { type EdgeBlockInput, sortBlocks, writeBlocks } from './edge-blocks.js';

/**
 * A report thread: sorts and writes the dependency edges of its blocks (see edge-blocks.ts) and posts
 * them piece by piece. `credit` (shared) says how many more pieces the main thread will hold for it;
 * the thread waits when there is none, so the pieces in flight stay a few dozen megabytes.
 */
interface Job {
  input: EdgeBlockInput;
  thread: number;
  threads: number;
  credit: Int32Array;
}

const { input, thread, threads, credit } = workerData as Job;
const port = parentPort;
if (port) {
  const ranks = sortBlocks(input, thread, threads);
  writeBlocks(input, ranks, (k, bytes, last) => {
    for (;;) {
      const left = Atomics.load(credit, thread);
      if (left > 0) {
        Atomics.sub(credit, thread, 1);
        break;
      }
      Atomics.wait(credit, thread, left);
    }
    port.postMessage({ kind: 'piece', k, bytes, last }, [bytes.buffer as ArrayBuffer]);
  });
  port.postMessage({ kind: 'done', ranks }, [
    ranks.from.buffer as ArrayBuffer,
    ranks.to.buffer as ArrayBuffer,
    ranks.ends.buffer as ArrayBuffer,
  ]);
}
