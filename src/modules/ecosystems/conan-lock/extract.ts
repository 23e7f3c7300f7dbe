import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { ExtractResult, Scope } from '../../../core/inventory.js';
import { extractConan1Lock, graphLockShape } from './graph-lock.js';
import { type Collector, collector, parseRef } from './refs.js';

const refList = z.array(z.string()).default([]);
const conan2Shape = z.object({
  version: z.string(),
  requires: refList,
  build_requires: refList,
  python_requires: refList,
  config_requires: refList,
});

/**
 * conan.lock of Conan 2 (`version` 0.5: flat lists of references, no graph) and of Conan 1.28+
 * (`version` 0.4, and 0.3 of earlier 1.x: `graph_lock.nodes`, a graph whose node "0" is the consumer).
 */
export function extractConanLock(content: string, path: string): ExtractResult {
  const data = parseJsonFile(content, path);
  if (typeof data === 'object' && data !== null && 'graph_lock' in data) {
    return extractConan1Lock(expectShape(graphLockShape, data, path, 'Conan 1 lockfile'));
  }
  const lock = expectShape(conan2Shape, data, path, 'Conan 2 lockfile');
  const out = collector();
  if (lock.version !== '0.5') {
    out.warnings.push({
      code: 'ERR_OSPO_UNSUPPORTED_VERSION',
      message: `Conan lockfile version ${lock.version} is not 0.5; read as 0.5`,
    });
  }
  const lists: Array<[string[], Scope]> = [
    [lock.requires, 'prod'],
    [lock.build_requires, 'dev'],
    [lock.python_requires, 'dev'],
    [lock.config_requires, 'dev'],
  ];
  for (const [refs, scope] of lists) {
    for (const text of refs) addRef(out, text, scope);
  }
  return out.result();
}

function addRef(out: Collector, text: string, scope: Scope): void {
  const ref = parseRef(text);
  if (!ref) {
    out.warnings.push({ code: 'ERR_OSPO_INVALID_PACKAGE', message: `"${text}" is not a Conan reference` });
    return;
  }
  // Conan 2 lockfiles do not say which requirements the consumer declares itself
  out.add(ref, scope, null);
}
