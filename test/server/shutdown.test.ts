import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/serve.js';
import { pgliteBackend } from '../support/stores.js';

describe('graceful shutdown', () => {
  it('lets a request in flight finish, refuses new connections, then closes the store', async () => {
    const { store, dispose } = await pgliteBackend.fresh();
    const server = await startServer({ store, host: '127.0.0.1', port: 0, version: 'test', webRoot: null });
    const { port } = new URL(server.url);

    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"email": "nobody@example.com", ');
      // the body is half sent when shutdown starts; the rest follows shortly after
      setTimeout(() => {
        closing = server.close();
        setTimeout(() => req.end('"password": "not the password"}'), 200);
      }, 100);
    });
    let closing: Promise<void> | undefined;

    const { status, body } = await answer;
    expect(status).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ code: 'ERR_OSPO_LOGIN_FAILED' });
    await closing;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    await expect(store.repos.projects.count()).rejects.toThrow(); // the store is closed
    await dispose();
  });
});
