import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The compiled pool: its workers are compiled scripts, so this runs against dist/ (npm run build).
const dist = path.resolve('dist/services/inventory');
let root: string;

interface Pool {
  ready: boolean;
  size: number;
  run(request: unknown): Promise<{ reply: { kind: string; job: number }; source: number }>;
  close(): Promise<void>;
}
type PoolClass = new (size: number, onCompact: () => void, script?: string) => Pool;

async function poolClass(): Promise<PoolClass> {
  const mod = (await import(pathToFileURL(path.join(dist, 'pool.js')).href)) as { ParsePool: PoolClass };
  return mod.ParsePool;
}

/** A pool of `size` workers running `source`, written to `name` in the test's folder. */
async function poolOf(name: string, source: string, size: number): Promise<Pool> {
  const ParsePool = await poolClass();
  const script = path.join(root, name);
  fs.writeFileSync(script, source);
  return new ParsePool(size, () => {}, script);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-pool-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('parse pool (built)', () => {
  it('is ready once a worker says so, and only then hands it jobs', async () => {
    expect(fs.existsSync(path.join(dist, 'pool.js')), 'run npm run build first').toBe(true);
    // a worker that says it is ready only when told to (by a file appearing), then answers every job
    const go = path.join(root, 'go');
    const pool = await poolOf(
      'slow-worker.mjs',
      `import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
let jobs = 0;
parentPort.on('message', (job) => parentPort.postMessage({ job: job.job, kind: 'none', seen: ++jobs }));
const wait = () => (fs.existsSync(${JSON.stringify(go)}) ? parentPort.postMessage({ kind: 'ready' }) : setTimeout(wait, 5));
wait();
`,
      2,
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(pool.ready).toBe(false);
      let answered = false;
      const pending = pool.run({ job: 7, content: '' }).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(answered).toBe(false); // queued, not sent to a worker that is not ready
      fs.writeFileSync(go, '');
      await until(() => pool.ready);
      const { reply, source } = await pending;
      expect(reply).toMatchObject({ job: 7, kind: 'none' });
      expect([1, 2]).toContain(source);
    } finally {
      await pool.close();
    }
  });

  it('does not replace a worker that dies before it is ready, and stays not ready', async () => {
    const pool = await poolOf('broken-worker.mjs', `throw new Error('cannot load the extractors');\n`, 2);
    try {
      await until(() => pool.size === 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(pool.size).toBe(0); // no endless respawning
      expect(pool.ready).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that dies on a job after it was ready', async () => {
    const pool = await poolOf(
      'dies-on-job.mjs',
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.job === 1) throw new Error('out of memory, say');
  parentPort.postMessage({ job: job.job, kind: 'none' });
});
parentPort.postMessage({ kind: 'ready' });
`,
      1,
    );
    try {
      await until(() => pool.ready);
      await expect(pool.run({ job: 1, content: '' })).rejects.toThrow('out of memory');
      const { reply, source } = await pool.run({ job: 2, content: '' });
      expect(reply).toMatchObject({ job: 2, kind: 'none' });
      expect(source).toBe(2); // a new worker, with a source number of its own
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('holds two jobs per worker, so the next is queued there; a dying worker fails both', async () => {
    // answers nothing until it holds two jobs, then dies: both must fail (and be redone by the caller)
    const pool = await poolOf(
      'holds-two.mjs',
      `import { parentPort } from 'node:worker_threads';
let held = 0;
parentPort.on('message', () => {
  held++;
  if (held === 2) setTimeout(() => { throw new Error('died holding ' + held); }, 20);
});
parentPort.postMessage({ kind: 'ready' });
`,
      1,
    );
    try {
      await until(() => pool.ready);
      const first = pool.run({ job: 1, content: '' });
      const second = pool.run({ job: 2, content: '' });
      await expect(first).rejects.toThrow('died holding 2');
      await expect(second).rejects.toThrow('died holding 2');
    } finally {
      await pool.close();
    }
  });

  it('fails queued and new jobs, rather than keeping them, once no worker is left', async () => {
    const count = path.join(root, 'starts');
    fs.writeFileSync(count, '');
    // the first worker is ready and dies on its first job; the one replacing it dies while loading
    const pool = await poolOf(
      'then-broken.mjs',
      `import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
fs.appendFileSync(${JSON.stringify(count)}, 'x');
if (fs.readFileSync(${JSON.stringify(count)}, 'utf8').length > 1) throw new Error('cannot load');
parentPort.on('message', () => { throw new Error('dies on a job'); });
parentPort.postMessage({ kind: 'ready' });
`,
      1,
    );
    try {
      await until(() => pool.ready);
      const first = pool.run({ job: 1, content: '' });
      const second = pool.run({ job: 2, content: '' });
      const third = pool.run({ job: 3, content: '' }); // queued: the worker holds two
      await expect(first).rejects.toThrow('dies on a job');
      await expect(second).rejects.toThrow('dies on a job');
      await expect(third).rejects.toThrow('cannot load');
      expect(pool.size).toBe(0);
      expect(pool.ready).toBe(false);
      await expect(pool.run({ job: 4, content: '' })).rejects.toThrow('no workers left');
    } finally {
      await pool.close();
    }
  });
});
