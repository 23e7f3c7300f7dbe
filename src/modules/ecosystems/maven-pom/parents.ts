import { isOspoError } from '../../../core/errors.js';
import type { ExtractInput, ExtractWarning } from '../../../core/inventory.js';
import { type Pom, readPom } from './pom.js';

/**
 * The chain of parent poms found in the scanned tree, nearest first. A parent counts only when its
 * coordinates are the ones `<parent>` names (Maven checks the same); a missing, unreadable or
 * mismatching one ends the chain with a warning, and the pom is read with what is known.
 */
export async function loadParents(
  pom: Pom,
  path: string,
  readFile: ExtractInput['readFile'],
  warnings: ExtractWarning[],
): Promise<Pom[]> {
  const chain: Pom[] = [];
  const visited = new Set([path]);
  let child = pom;
  let childPath = path;
  while (child.parent && chain.length < MAX_DEPTH) {
    const { groupId, artifactId, relativePath } = child.parent;
    const coordinates = `${groupId ?? '?'}:${artifactId ?? '?'}`;
    const unresolved = (why: string) =>
      warnings.push({
        code: 'ERR_OSPO_UNRESOLVED_PARENT',
        message: `${childPath}: parent ${coordinates} ${why}; properties and versions it manages stay unknown`,
      });
    const target = relativePath === '' ? null : resolvePath(childPath, relativePath ?? '../pom.xml');
    if (target === null) {
      unresolved('is not in the scanned tree');
      break;
    }
    if (visited.has(target)) {
      unresolved(`leads back to ${target}`);
      break;
    }
    visited.add(target);
    const content = await readFile(target);
    if (content === null) {
      unresolved(`is not in the scanned tree (looked at ${target})`);
      break;
    }
    let parent: Pom;
    try {
      parent = readPom(content, target);
    } catch (error) {
      if (!isOspoError(error)) throw error;
      unresolved(`at ${target} cannot be read (${error.code})`);
      break;
    }
    const parentGroupId = parent.groupId ?? parent.parent?.groupId;
    if (parentGroupId !== groupId || parent.artifactId !== artifactId) {
      unresolved(`is not the pom at ${target} (${parentGroupId ?? '?'}:${parent.artifactId ?? '?'})`);
      break;
    }
    chain.push(parent);
    child = parent;
    childPath = target;
  }
  return chain;
}

const MAX_DEPTH = 32;

/** A relativePath against the folder of the pom naming it; a folder means its pom.xml. */
export function resolvePath(fromFile: string, relative: string): string | null {
  const normalized = relative.trim().replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) return null;
  const target = /\.xml$/i.test(normalized) ? normalized : `${normalized.replace(/\/+$/, '')}/pom.xml`;
  const parts = fromFile.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') parts.push(segment);
    else if (parts.pop() === undefined) return null;
  }
  return parts.join('/');
}
