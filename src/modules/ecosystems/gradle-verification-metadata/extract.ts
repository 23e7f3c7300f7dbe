import { z } from 'zod';
import { expectShape, parseXmlFile } from '../../../core/formats.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const attribute = z.preprocess((v) => (typeof v === 'string' ? v.trim() : undefined), z.string().optional());
const componentShape = z.object({ '@_group': attribute, '@_name': attribute, '@_version': attribute });
const metadataShape = z.object({
  'verification-metadata': z.preprocess(
    (v) => (v === '' ? {} : v),
    z.object({
      // fast-xml-parser: one <component> is an object, several an array, <components/> an empty string
      components: z.preprocess(
        (v) => (isRecord(v) ? [v.component ?? []].flat().filter(isRecord) : []),
        z.array(componentShape),
      ),
    }),
  ),
});

/**
 * Gradle's dependency verification file: every module the build has resolved, with checksums or
 * signatures of its artifacts (ignored here), as does the `<configuration>` block (trusted artifacts and
 * keys). It lists build plugins and test libraries alongside the rest, and each version ever verified.
 */
export function extractVerificationMetadata(content: string, path: string): ExtractResult {
  const document = expectShape(
    metadataShape,
    parseXmlFile(content, path),
    path,
    'Gradle verification-metadata.xml',
  );
  const warnings: ExtractWarning[] = [];
  const packages = new Map<string, ExtractedPackage>();
  for (const component of document['verification-metadata'].components) {
    const group = component['@_group'];
    const name = component['@_name'];
    const version = component['@_version'];
    if (!group || !name || !version) {
      warnings.push({
        code: 'ERR_OSPO_INVALID_PACKAGE',
        message: `${path}: a <component> without group, name and version (${group ?? '?'}:${name ?? '?'}:${version ?? '?'})`,
      });
      continue;
    }
    const coordinates = `${group}:${name}`;
    const purl = purlFor('Maven', coordinates, version);
    if (packages.has(purl)) continue;
    packages.set(purl, {
      ecosystem: 'Maven',
      name: coordinates,
      version,
      purl,
      scope: 'unknown', // the file does not say which configuration needed a module
      direct: null,
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: [], warnings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
