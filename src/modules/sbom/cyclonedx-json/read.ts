import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import {
  type CdxComponent,
  type CdxDocument,
  checkCycloneDxVersion,
  inventoryFromCycloneDx,
} from '../cyclonedx-model.js';
import type { SbomReadResult } from '../inventory-builder.js';

const licenseShape = z.object({
  license: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  expression: z.string().optional(),
});

interface ComponentShape {
  'bom-ref'?: string | undefined;
  name?: string | undefined;
  group?: string | undefined;
  version?: string | undefined;
  purl?: string | undefined;
  scope?: string | undefined;
  licenses?: z.infer<typeof licenseShape>[] | undefined;
  evidence?: { occurrences?: { location: string }[] | undefined } | undefined;
  properties?: { name: string; value?: string | undefined }[] | undefined;
  components?: ComponentShape[] | undefined;
}

const componentShape: z.ZodType<ComponentShape> = z.lazy(() =>
  z.object({
    'bom-ref': z.string().optional(),
    name: z.string().optional(),
    group: z.string().optional(),
    version: z.string().optional(),
    purl: z.string().optional(),
    scope: z.string().optional(),
    licenses: z.array(licenseShape).optional(),
    evidence: z.object({ occurrences: z.array(z.object({ location: z.string() })).optional() }).optional(),
    properties: z.array(z.object({ name: z.string(), value: z.string().optional() })).optional(),
    components: z.array(componentShape).optional(),
  }),
);

const headerShape = z.object({ bomFormat: z.literal('CycloneDX'), specVersion: z.string() });

const bomShape = z.object({
  metadata: z.object({ component: componentShape.optional() }).optional(),
  components: z.array(componentShape).optional(),
  dependencies: z.array(z.object({ ref: z.string(), dependsOn: z.array(z.string()).optional() })).optional(),
});

/** CycloneDX JSON 1.2 to 1.7. */
export function readCycloneDxJson(content: string, path: string): SbomReadResult {
  const json = parseJsonFile(content, path);
  const { specVersion } = expectShape(headerShape, json, path, 'CycloneDX JSON document');
  checkCycloneDxVersion(specVersion, path);
  const bom = expectShape(bomShape, json, path, `CycloneDX ${specVersion} JSON document`);
  const subject = bom.metadata?.component;
  const doc: CdxDocument = {
    specVersion,
    ...(subject ? { subject: toModel(subject) } : {}),
    components: (bom.components ?? []).map(toModel),
    dependencies: (bom.dependencies ?? []).map((d) => ({ ref: d.ref, dependsOn: d.dependsOn ?? [] })),
  };
  return inventoryFromCycloneDx(doc);
}

function toModel(c: ComponentShape): CdxComponent {
  const licenses: string[] = [];
  for (const l of c.licenses ?? []) {
    const text = l.expression ?? l.license?.id ?? l.license?.name;
    if (text) licenses.push(text);
  }
  return {
    ...(c['bom-ref'] !== undefined ? { ref: c['bom-ref'] } : {}),
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.version !== undefined ? { version: c.version } : {}),
    ...(c.purl !== undefined ? { purl: c.purl } : {}),
    ...(c.scope !== undefined ? { scope: c.scope } : {}),
    licenses,
    locations: (c.evidence?.occurrences ?? []).map((o) => o.location),
    properties: (c.properties ?? []).map((p) => ({ name: p.name, ...(p.value ? { value: p.value } : {}) })),
    components: (c.components ?? []).map(toModel),
  };
}
