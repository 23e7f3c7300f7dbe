import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPgliteDir } from '../support/stores.js';

const bin = path.resolve('bin/ospo.js');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

/** Start the built `ospo serve` on a free port; resolve with its URL once it says it is serving. */
function startServe(dataDir: string): Promise<{ url: string; stderr: () => string }> {
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--quiet'], {
    env: { ...process.env, OSPO_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child?.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve({ url: match[1], stderr: () => stderr });
    });
    child?.once('exit', (code) => reject(new Error(`ospo serve exited with ${code}: ${stderr}`)));
  });
}

describe('ospo serve', () => {
  it('serves health and the OpenAPI document, then stops cleanly on SIGTERM', async () => {
    expect(fs.existsSync(bin), 'run npm run build first').toBe(true);
    const dataDir = freshPgliteDir({ migrate: false });
    const { url, stderr } = await startServe(dataDir);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'pglite' });
    expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'ospo.lock'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toContain('stopped');
    expect(fs.existsSync(path.join(dataDir, 'ospo.lock'))).toBe(false); // store closed, lock released
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 2 with a clear message when the port is taken', async () => {
    const dataDir = freshPgliteDir();
    const first = await startServe(dataDir);
    const port = new URL(first.url).port;
    const other = freshPgliteDir();
    const second = spawn(process.execPath, [bin, 'serve', '--port', port], {
      env: { ...process.env, OSPO_DATA_DIR: other, DATABASE_URL: '' },
    });
    let err = '';
    second.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('[ERR_OSPO_PORT_IN_USE]');
    child?.kill('SIGTERM');
    fs.rmSync(other, { recursive: true, force: true });
  });
});
