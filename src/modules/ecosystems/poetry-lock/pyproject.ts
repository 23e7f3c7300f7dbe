import { z } from 'zod';
import { parseManifestToml } from '../../../core/formats.js';
import type { ExtractWarning } from '../../../core/inventory.js';
import { parseRequirement } from '../../../core/pep508.js';
import { normalizePypiName } from '../../../core/purl.js';

/** What the project declares itself: normalized names by kind, and its own name and version. */
export interface Declared {
  name: string | null;
  version: string | null;
  prod: Set<string>;
  optional: Set<string>;
  dev: Set<string>;
}

const depTable = z.record(z.string(), z.unknown());
const depsOf = z.object({ dependencies: depTable.optional() });
const stringList = z.array(z.unknown());

const pyprojectShape = z.object({
  project: z
    .object({
      name: z.string().optional(),
      version: z.string().optional(),
      dependencies: stringList.optional(),
      'optional-dependencies': z.record(z.string(), stringList).optional(),
    })
    .optional(),
  'dependency-groups': z.record(z.string(), stringList).optional(),
  tool: z
    .object({
      poetry: z
        .object({
          name: z.string().optional(),
          version: z.string().optional(),
          dependencies: depTable.optional(),
          'dev-dependencies': depTable.optional(),
          group: z.record(z.string(), depsOf).optional(),
        })
        .optional(),
    })
    .optional(),
});

/**
 * The dependencies a Poetry project's pyproject.toml declares: `[tool.poetry.dependencies]` (an entry
 * with `optional = true` is an extra), `[tool.poetry.group.<name>.dependencies]` (`main` is prod, any
 * other group dev), the legacy `[tool.poetry.dev-dependencies]`, and Poetry 2's PEP 621 `[project]`
 * tables and PEP 735 `[dependency-groups]`. A broken or foreign file gives null and a warning: the lock
 * is still readable, only `direct` becomes unknown. A file with neither `[project]` nor `[tool.poetry]`
 * is not the project's manifest: null, without a warning.
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
  const poetry = tool?.poetry;
  if (!project && !poetry) return null;
  const declared: Declared = {
    name: project?.name ?? poetry?.name ?? null,
    version: project?.version ?? poetry?.version ?? null,
    prod: new Set(),
    optional: new Set(),
    dev: new Set(),
  };
  for (const [name, spec] of Object.entries(poetry?.dependencies ?? {})) {
    if (name.toLowerCase() === 'python') continue;
    (isOptional(spec) ? declared.optional : declared.prod).add(normalizePypiName(name));
  }
  addTable(declared.dev, poetry?.['dev-dependencies']);
  for (const [group, table] of Object.entries(poetry?.group ?? {})) {
    addTable(group === 'main' ? declared.prod : declared.dev, table.dependencies);
  }
  addStrings(declared.prod, project?.dependencies);
  for (const list of Object.values(project?.['optional-dependencies'] ?? {})) {
    addStrings(declared.optional, list);
  }
  for (const list of Object.values(parsed.data['dependency-groups'] ?? {})) addStrings(declared.dev, list);
  return declared;
}

function isOptional(spec: unknown): boolean {
  const entries = Array.isArray(spec) ? spec : [spec];
  return (
    entries.length > 0 &&
    entries.every((e) => typeof e === 'object' && e !== null && 'optional' in e && e.optional === true)
  );
}

function addTable(into: Set<string>, table: Record<string, unknown> | undefined): void {
  for (const name of Object.keys(table ?? {})) {
    if (name.toLowerCase() !== 'python') into.add(normalizePypiName(name));
  }
}

/** PEP 508 strings; `{ include-group = ... }` tables and unparsable entries name no package. */
function addStrings(into: Set<string>, list: unknown[] | undefined): void {
  for (const item of list ?? []) {
    if (typeof item !== 'string') continue;
    const requirement = parseRequirement(item);
    if (requirement) into.add(normalizePypiName(requirement.name));
  }
}
