import fs from 'node:fs/promises';
import path from 'node:path';
import { isOspoError } from '../../core/errors.js';
import type { InventoryPackage } from '../../core/inventory.js';
import { licenseFileKind, licenseText } from '../../modules/licenses/license-text/index.js';

/** What the license files beside an installed package say. */
export interface InstalledEvidence {
  /** The license files' expressions combined (AND), or null when none named a license. */
  expression: string | null;
  copyrights: string[];
  /** The files read, with their text (for notices of licenses without a standard text). */
  files: { path: string; text: string }[];
}

/** Installed-package metadata files: their folder holds the package's own LICENSE and NOTICE files. */
const INSTALLED = /(?:^|\/)(?:node_modules\/(?:@[^/]+\/)?[^/]+\/package\.json|[^/]+\.dist-info\/METADATA)$/;
const MAX_BYTES = 1024 * 1024;

/**
 * Read the license and notice files of every installed package of an inventory (node_modules folders,
 * Python dist-info folders), detect their licenses and copyrights. Trouble with one file is skipped:
 * this is extra evidence, never a reason for a check to fail on its own.
 */
export async function installedEvidence(
  packages: readonly InventoryPackage[],
  cwd: string,
): Promise<Map<string, InstalledEvidence>> {
  const out = new Map<string, InstalledEvidence>();
  for (const p of packages) {
    const dirs = p.locations.map((l) => l.path).filter((l) => INSTALLED.test(l));
    if (dirs.length === 0) continue;
    const found: InstalledEvidence = { expression: null, copyrights: [], files: [] };
    const expressions: string[] = [];
    for (const metadata of dirs.slice(0, 3)) {
      const dir = path.resolve(cwd, path.dirname(metadata));
      // a dist-info folder keeps license files under licenses/ (PEP 639) or beside METADATA
      const folders = [dir, path.join(dir, 'licenses'), path.join(dir, 'LICENSES')];
      for (const folder of folders) {
        const names = await fs.readdir(folder).catch(() => [] as string[]);
        for (const name of names.sort()) {
          const kind = licenseFileKind(name);
          if (kind !== 'license' && kind !== 'notice') continue;
          const file = path.join(folder, name);
          const stat = await fs.stat(file).catch(() => null);
          if (!stat?.isFile() || stat.size > MAX_BYTES) continue;
          const content = await fs.readFile(file).catch(() => null);
          if (!content) continue;
          try {
            const evidence = await licenseText.detect({ path: file, content, kind });
            for (const e of evidence) {
              if (e.expression) expressions.push(e.expression);
              for (const c of e.copyrights) if (!found.copyrights.includes(c)) found.copyrights.push(c);
            }
            found.files.push({ path: path.relative(cwd, file), text: content.toString('utf8') });
          } catch (error) {
            if (!isOspoError(error)) throw error;
          }
        }
      }
    }
    const distinct = [...new Set(expressions)];
    found.expression =
      distinct.length === 0
        ? null
        : distinct.length === 1
          ? (distinct[0] as string)
          : distinct.map((e) => `(${e})`).join(' AND ');
    if (found.files.length > 0) out.set(p.purl, found);
  }
  return out;
}
