import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { ExtractResult } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const packageJsonShape = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  license: z.unknown().optional(),
  licenses: z.unknown().optional(),
});

/**
 * The package.json of one installed package (`node_modules/<name>/` or `node_modules/@scope/<name>/`).
 * A package.json without name or version (`{ "type": "module" }` marking a folder as ESM) describes no
 * package: null.
 */
export function extractInstalledPackageJson(content: string, path: string): ExtractResult | null {
  const pkg = expectShape(packageJsonShape, parseJsonFile(content, path), path, 'package.json');
  const name = pkg.name?.trim() ?? '';
  const version = pkg.version?.trim() ?? '';
  if (name === '' || version === '') return null;
  let purl: string;
  try {
    purl = purlFor('npm', name, version);
  } catch {
    return null;
  }
  return {
    packages: [
      {
        ecosystem: 'npm',
        name,
        version,
        purl,
        scope: 'unknown', // installed metadata does not say who asked for it, nor as what
        direct: null,
        licenses: licensesOf(pkg.license, pkg.licenses),
      },
    ],
    edges: [],
    warnings: [],
  };
}

/** `license: "MIT"`, or the legacy `license: { type }` and `licenses: [{ type }]`. */
function licensesOf(license: unknown, licenses: unknown): string[] {
  const found = [license, ...(Array.isArray(licenses) ? licenses : [licenses])]
    .map((l) => (isTyped(l) ? l.type : l))
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return [...new Set(found)];
}

function isTyped(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}
