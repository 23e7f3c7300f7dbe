import { parentPort, workerData } from 'node:worker_threads';
import { type EdgeBlockInput, sortBlocks, writeBlocks } from './edge-blocks.js';

/**
 * A report thread: sorts and writes the dependency edges of its blocks (see edge-blocks.ts) into its
 * ring of shared slots and posts which slot holds each piece. `credit` (shared) counts the slots the
 * main thread is done with; the thread waits when there is none, so it never overwrites a piece the
 * main thread has not written out yet.
 */
interface Job {
  input: EdgeBlockInput;
  thread: number;
  threads: number;
  credit: Int32Array;
  /** The thread's slots, `slotBytes` each. */
  slots: SharedArrayBuffer;
  slotBytes: number;
}

const { input, thread, threads, credit, slots, slotBytes } = workerData as Job;
const count = slots.byteLength / slotBytes;
const port = parentPort;
if (port) {
  const ranks = sortBlocks(input, thread, threads);
  let next = 0;
  const space = () => {
    for (;;) {
      const left = Atomics.load(credit, thread);
      if (left > 0) {
        Atomics.sub(credit, thread, 1);
        break;
      }
      Atomics.wait(credit, thread, left);
    }
    const slot = next;
    next = (next + 1) % count;
    return new Uint8Array(slots, slot * slotBytes, slotBytes);
  };
  writeBlocks(
    input,
    ranks,
    (k, bytes, last) => {
      port.postMessage({ kind: 'piece', k, slot: bytes.byteOffset / slotBytes, length: bytes.length, last });
    },
    undefined,
    space,
  );
  port.postMessage({ kind: 'done', ranks }, [
    ranks.from.buffer as ArrayBuffer,
    ranks.to.buffer as ArrayBuffer,
    ranks.ends.buffer as ArrayBuffer,
  ]);
}
