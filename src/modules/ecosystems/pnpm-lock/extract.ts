import { z } from 'zod';
import { parseJsonFile } from '../../../core/formats.js';
import type { ExtractInput, ExtractResult } from '../../../core/inventory.js';
import { type ImporterManifest, pnpmLockResult } from './graph.js';
import { parsePnpmLock } from './parse.js';

const manifestShape = z.object({
  name: z.string().min(1),
  version: z.string().min(1).optional().catch(undefined),
});

/**
 * pnpm-lock.yaml. Pure but for reading each importer's package.json, which gives the project and its
 * workspace packages the name and version their edges start from; pnpm-lock.yaml does not record them.
 */
export async function extractPnpmLock(input: ExtractInput): Promise<ExtractResult> {
  const lock = parsePnpmLock(input.content, input.path);
  const dir = input.path.slice(0, input.path.lastIndexOf('/') + 1);
  const manifests = new Map<string, ImporterManifest>();
  for (const importer of lock.importers) {
    const folder = importer.path.replace(/\/+$/, '');
    if (folder.split('/').includes('..')) continue;
    const path = folder === '.' || folder === '' ? `${dir}package.json` : `${dir}${folder}/package.json`;
    manifests.set(importer.path, readManifest(await input.readFile(path), path));
  }
  const result = pnpmLockResult(lock, manifests);
  if (lock.major >= 5 && lock.major <= 9) return result;
  const warning = {
    code: 'ERR_OSPO_UNSUPPORTED_VERSION',
    message: `${input.path}: lockfileVersion ${lock.major} is not one this reader knows; read as the nearest (5 or 9)`,
  };
  return { ...result, warnings: [warning, ...result.warnings] };
}

/** Only a name and version are wanted; a package.json that cannot give them is as good as none. */
function readManifest(content: string | null, path: string): ImporterManifest {
  if (content === null) return null;
  try {
    const parsed = manifestShape.safeParse(parseJsonFile(content, path));
    return parsed.success ? { name: parsed.data.name, version: parsed.data.version ?? null } : null;
  } catch {
    return null;
  }
}
