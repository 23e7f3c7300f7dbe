import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { InputError, ParseError } from '../../core/errors.js';
import type { Extractor, Inventory, SbomFormat } from '../../core/inventory.js';
import type { ScanReport } from './report.js';

/** File names that hold SBOMs by convention; inside a tree only these are read as SBOMs. */
const SBOM_NAMES = [
  /(^|\/)bom\.(json|xml)$/,
  /(^|\/)sbom\.(json|xml)$/,
  /\.cdx\.(json|xml)$/,
  /\.spdx(\.json|\.jsonld)?$/,
  /\.spdx3\.json(ld)?$/,
];

/** Read an SBOM of any supported format; the format is found from the content. */
export function readSbom(formats: readonly SbomFormat[], content: string, file: string): Inventory {
  const format = formats.find((f) => f.detect(content));
  if (!format) {
    throw new ParseError('ERR_OSPO_SBOM_FORMAT', `${file}: not an SBOM this version reads`, {
      hint: `Supported: ${formats.map((f) => f.id).join(', ')}.`,
    });
  }
  return format.read(content, file);
}

/** SBOM documents as one more extractor of a scan: by name inside trees, by content when named explicitly. */
export function sbomExtractor(formats: readonly SbomFormat[]): Extractor {
  return {
    id: 'sbom',
    version: 1,
    ecosystem: 'any',
    sniffs: true,
    matches: (p) => SBOM_NAMES.some((re) => re.test(p)),
    async extract({ content, path: file }) {
      const format = formats.find((f) => f.detect(content));
      if (!format) return null;
      const inventory = format.read(content, file);
      const packages = inventory.packages.map(({ locations: _where, ...p }) => p);
      return { packages, edges: inventory.dependencies, warnings: inventory.warnings ?? [] };
    },
  };
}

export const sbomOutputs = {
  cyclonedx: 'cyclonedx-json',
  spdx: 'spdx-json',
  spdx3: 'spdx3-jsonld',
} as const;
export type SbomOutput = keyof typeof sbomOutputs;

/** Write an inventory in an SBOM format, stamped now with a fresh serial number. */
export function writeSbom(
  formats: readonly SbomFormat[],
  output: SbomOutput,
  inventory: Inventory,
  options: { toolVersion: string; specVersion?: string | undefined },
): string {
  const id = sbomOutputs[output];
  const format = formats.find((f) => f.id === id);
  if (!format?.write) {
    throw new InputError('ERR_OSPO_SBOM_FORMAT', `writing ${output} is not supported by this version`, {
      hint: `Write one of: ${formats
        .filter((f) => f.write)
        .map((f) => f.id)
        .join(', ')}.`,
    });
  }
  return format.write(inventory, {
    toolVersion: options.toolVersion,
    timestamp: new Date().toISOString(),
    serialNumber: `urn:uuid:${randomUUID()}`,
    ...(options.specVersion ? { specVersion: options.specVersion } : {}),
  });
}

/** The inventory of a scan, described as the scanned folder. */
export function reportToInventory(report: ScanReport, scanned: string): Inventory {
  return {
    subject: { name: path.basename(path.resolve(scanned)) || 'scan', version: null },
    packages: report.packages,
    dependencies: report.dependencies,
  };
}

/** An uploaded SBOM as a scan report: one "file", the document, which every package was found in. */
export function sbomToReport(inventory: Inventory, name: string): ScanReport {
  return {
    packages: inventory.packages.map((p) => ({
      ...p,
      locations: p.locations.length ? p.locations : [{ path: name }],
    })),
    dependencies: inventory.dependencies,
    files: [
      { path: name, format: 'sbom', packages: inventory.packages.length, warnings: inventory.warnings ?? [] },
    ],
    errors: [],
  };
}
