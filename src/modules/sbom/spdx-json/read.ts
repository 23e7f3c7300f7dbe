import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import { projectAnnotation, type SbomReadResult } from '../inventory-builder.js';
import { checkSpdx2Version, inventoryFromSpdx2, type Spdx2Package } from '../spdx2-model.js';

const headerShape = z.object({ spdxVersion: z.string() });

const documentShape = z.object({
  documentDescribes: z.array(z.string()).optional(),
  packages: z
    .array(
      z.object({
        SPDXID: z.string(),
        name: z.string().optional(),
        versionInfo: z.string().optional(),
        licenseDeclared: z.string().optional(),
        licenseConcluded: z.string().optional(),
        externalRefs: z
          .array(
            z.object({
              referenceCategory: z.string().optional(),
              referenceType: z.string(),
              referenceLocator: z.string(),
            }),
          )
          .optional(),
        annotations: z.array(z.object({ comment: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  relationships: z
    .array(
      z.object({
        spdxElementId: z.string(),
        relationshipType: z.string(),
        relatedSpdxElement: z.string(),
      }),
    )
    .optional(),
  hasExtractedLicensingInfos: z
    .array(z.object({ licenseId: z.string(), name: z.string().optional() }))
    .optional(),
});

/** SPDX 2.2 and 2.3 JSON. */
export function readSpdxJson(content: string, path: string): SbomReadResult {
  const json = parseJsonFile(content, path);
  const { spdxVersion } = expectShape(headerShape, json, path, 'SPDX JSON document');
  checkSpdx2Version(spdxVersion, path);
  const doc = expectShape(documentShape, json, path, `${spdxVersion} JSON document`);
  const packages: Spdx2Package[] = (doc.packages ?? []).map((p) => {
    const purl = p.externalRefs?.find((r) => r.referenceType === 'purl')?.referenceLocator;
    return {
      id: p.SPDXID,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.versionInfo !== undefined ? { version: p.versionInfo } : {}),
      ...(purl !== undefined ? { purl } : {}),
      ...(p.licenseDeclared !== undefined ? { licenseDeclared: p.licenseDeclared } : {}),
      ...(p.licenseConcluded !== undefined ? { licenseConcluded: p.licenseConcluded } : {}),
      ...(p.annotations?.some((a) => a.comment === projectAnnotation) ? { project: true } : {}),
    };
  });
  const relationships = (doc.relationships ?? []).map((r) => ({
    from: r.spdxElementId,
    type: r.relationshipType,
    to: r.relatedSpdxElement,
  }));
  // SPDX 2.2 documents often say DESCRIBES with the `documentDescribes` list instead of a relationship.
  for (const to of doc.documentDescribes ?? [])
    relationships.push({ from: 'SPDXRef-DOCUMENT', type: 'DESCRIBES', to });
  const licenseNames = new Map<string, string>();
  for (const info of doc.hasExtractedLicensingInfos ?? []) {
    if (info.name && info.name !== 'NOASSERTION') licenseNames.set(info.licenseId, info.name);
  }
  return inventoryFromSpdx2({ spdxVersion, packages, relationships, licenseNames });
}
