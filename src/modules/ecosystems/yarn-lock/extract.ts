import { isOspoError } from '../../../core/errors.js';
import type { ExtractInput, ExtractResult, ExtractWarning } from '../../../core/inventory.js';
import { yarnLockResult } from './graph.js';
import { type Manifest, parseManifest } from './manifest.js';
import { parseYarnLock } from './parse.js';

/**
 * yarn.lock, v1 and Berry. Pure but for reading the package.json files of the project (and, for
 * Berry, of each workspace it records), which say what is a dev, optional or peer dependency.
 */
export async function extractYarnLock(input: ExtractInput): Promise<ExtractResult> {
  const lock = parseYarnLock(input.content, input.path);
  const dir = input.path.slice(0, input.path.lastIndexOf('/') + 1);
  const folders = new Set(['.']);
  for (const e of lock.entries) if (e.kind === 'workspace' && e.workspace) folders.add(e.workspace);

  const warnings: ExtractWarning[] = [];
  const manifests = new Map<string, Manifest | null>();
  for (const folder of folders) {
    const path = folder === '.' ? `${dir}package.json` : `${dir}${folder.replace(/\/+$/, '')}/package.json`;
    if (folder.split('/').includes('..')) {
      manifests.set(folder, null);
      continue;
    }
    try {
      manifests.set(folder, parseManifest(await input.readFile(path), path));
    } catch (error) {
      if (!isOspoError(error)) throw error;
      manifests.set(folder, null);
      warnings.push({ code: error.code, message: `${error.message}; scopes of its dependencies unknown` });
    }
  }
  const result = yarnLockResult(lock, manifests);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}
