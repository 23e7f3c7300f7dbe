import { z } from 'zod';
import { parseJsonFile } from '../../../core/formats.js';

export type DepKind = 'prod' | 'dev' | 'optional' | 'peer';

/** What a package.json beside the lockfile (or in a Berry workspace's folder) declares. */
export interface Manifest {
  name: string | null;
  version: string | null;
  /** Name to kind; a name in several groups takes the first of optional, prod, peer, dev. */
  declares: Map<string, { kind: DepKind; range: string }>;
}

const depMap = z.record(z.string(), z.string()).catch({});
const manifestShape = z.object({
  name: z.string().optional().catch(undefined),
  version: z.string().optional().catch(undefined),
  dependencies: depMap.optional(),
  devDependencies: depMap.optional(),
  optionalDependencies: depMap.optional(),
  peerDependencies: depMap.optional(),
});

const order: [keyof z.infer<typeof manifestShape>, DepKind][] = [
  ['optionalDependencies', 'optional'],
  ['dependencies', 'prod'],
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
];

/** null when there is no such file or it is no package.json; a broken manifest is the caller's warning. */
export function parseManifest(content: string | null, path: string): Manifest | null {
  if (content === null) return null;
  const parsed = manifestShape.safeParse(parseJsonFile(content, path));
  if (!parsed.success) return null;
  const m = parsed.data;
  const declares = new Map<string, { kind: DepKind; range: string }>();
  for (const [field, kind] of order) {
    const deps = m[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (!declares.has(name)) declares.set(name, { kind, range });
    }
  }
  return { name: m.name || null, version: m.version || null, declares };
}
