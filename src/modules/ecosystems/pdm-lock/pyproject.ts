import { z } from 'zod';
import { parseManifestToml } from '../../../core/formats.js';
import type { ExtractWarning } from '../../../core/inventory.js';
import { parseRequirement } from '../../../core/pep508.js';
import { normalizePypiName } from '../../../core/purl.js';

/** What the project declares itself: normalized names by kind, the kind of each group, its own identity. */
export interface Declared {
  name: string | null;
  version: string | null;
  prod: Set<string>;
  optional: Set<string>;
  dev: Set<string>;
  /** Lock group name (as PDM normalizes it) to what it is: an extra or a development group. */
  groups: Map<string, 'optional' | 'dev'>;
}

const lists = z.record(z.string(), z.array(z.unknown()));

const pyprojectShape = z.object({
  project: z
    .object({
      name: z.string().optional(),
      version: z.string().optional(),
      dependencies: z.array(z.unknown()).optional(),
      'optional-dependencies': lists.optional(),
    })
    .optional(),
  'dependency-groups': lists.optional(),
  tool: z.object({ pdm: z.object({ 'dev-dependencies': lists.optional() }).optional() }).optional(),
});

/**
 * The dependencies a PDM project's pyproject.toml declares: PEP 621 `[project] dependencies` (prod) and
 * `[project.optional-dependencies]` (optional), `[tool.pdm.dev-dependencies]` and PEP 735
 * `[dependency-groups]` (dev), all PEP 508 strings. A broken file gives null and a warning: the lock is
 * still readable, only `direct` becomes unknown. A file without `[project]` or a dev table is not a PDM
 * project's manifest: null, without a warning.
 */
export function readPyproject(content: string, path: string, warnings: ExtractWarning[]): Declared | null {
  const raw = parseManifestToml(content, path, warnings);
  if (raw === null) return null;
  const parsed = pyprojectShape.safeParse(raw);
  if (!parsed.success) {
    warnings.push({
      code: 'ERR_OSPO_PARSE_SHAPE',
      message: `${path}: unexpected shape; direct dependencies are unknown`,
    });
    return null;
  }
  const { project, tool } = parsed.data;
  const devTables = [tool?.pdm?.['dev-dependencies'], parsed.data['dependency-groups']];
  if (!project && devTables.every((t) => t === undefined)) return null;
  const declared: Declared = {
    name: project?.name ?? null,
    version: project?.version ?? null,
    prod: new Set(),
    optional: new Set(),
    dev: new Set(),
    groups: new Map(),
  };
  addStrings(declared.prod, project?.dependencies);
  for (const [group, list] of Object.entries(project?.['optional-dependencies'] ?? {})) {
    declared.groups.set(normalizePypiName(group), 'optional');
    addStrings(declared.optional, list);
  }
  for (const table of devTables) {
    for (const [group, list] of Object.entries(table ?? {})) {
      declared.groups.set(normalizePypiName(group), 'dev');
      addStrings(declared.dev, list);
    }
  }
  return declared;
}

/** PEP 508 strings (and PDM's `-e` editables); `{ include-group = ... }` tables name no package. */
function addStrings(into: Set<string>, list: unknown[] | undefined): void {
  for (const item of list ?? []) {
    if (typeof item !== 'string') continue;
    const requirement = parseRequirement(item);
    if (requirement) into.add(normalizePypiName(requirement.name));
  }
}
