import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve the built web app from webRoot. Unknown paths get index.html so the app's own router can
 * answer them; hashed files under /assets/ are cached for a year.
 */
export async function serveWeb(c: Context, webRoot: string | null): Promise<Response> {
  if (!webRoot) return missingBuild(c);
  const requested = path.normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
  const file = path.join(webRoot, requested);
  if (!file.startsWith(webRoot)) return c.text('Not Found', 404);
  const found = await readFile(file);
  if (found) {
    const immutable = requested.startsWith('assets/');
    return c.body(new Uint8Array(found), 200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  // a missing file is a 404 at the top level and under assets/; deeper paths are the app's own, and
  // their last part may well have a dot in it (/packages/pkg:npm/socket.io, /projects/my.app)
  const isAppPath = requested.includes('/') && !requested.startsWith('assets/');
  if (path.extname(requested) !== '' && !isAppPath) return c.text('Not Found', 404);
  const index = await readFile(path.join(webRoot, 'index.html'));
  if (!index) return missingBuild(c);
  return c.body(new Uint8Array(index), 200, { 'content-type': types['.html']!, 'cache-control': 'no-cache' });
}

async function readFile(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? await fs.readFile(file) : null;
  } catch {
    return null;
  }
}

function missingBuild(c: Context): Response {
  return c.html(
    '<!doctype html><title>ospokit</title><p>The web app is not built. Run <code>npm run build</code>, ' +
      'then reload. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>',
    503,
  );
}
