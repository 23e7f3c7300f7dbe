import path from 'node:path';
import { ForbiddenError } from '../../core/errors.js';

/**
 * The real folder, when it lies inside one of the configured roots (OSPO_SCAN_ROOTS); otherwise a 403.
 * Checked when a server-side scan is asked for, and again by the worker that runs it.
 */
export function allowedFolder(requested: string, roots: readonly string[]): string {
  const folder = path.resolve(requested);
  const inside = roots.some((root) => {
    const r = path.resolve(root);
    return folder === r || folder.startsWith(r + path.sep);
  });
  if (!inside) {
    throw new ForbiddenError(
      'ERR_OSPO_SCAN_ROOT',
      `${requested} is not inside a folder this server may scan`,
      {
        hint: roots.length
          ? `Allowed: ${roots.join(', ')}.`
          : 'Server-side scans are off; start the server with OSPO_SCAN_ROOTS=/path/one:/path/two to allow them.',
      },
    );
  }
  return folder;
}
