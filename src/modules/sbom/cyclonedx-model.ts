import { ParseError } from '../../core/errors.js';
import type { Scope } from '../../core/inventory.js';
import {
  InventoryBuilder,
  isScope,
  projectNodePurl,
  projectRole,
  type SbomReadResult,
  subjectOf,
} from './inventory-builder.js';

/** A CycloneDX document as both serializations (JSON and XML) read into the same plain model. */
export interface CdxDocument {
  specVersion: string;
  subject?: CdxComponent;
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

export interface CdxComponent {
  ref?: string;
  name?: string;
  version?: string;
  purl?: string;
  scope?: string;
  licenses: string[];
  locations: string[];
  properties: { name: string; value?: string }[];
  components: CdxComponent[];
}

export const cycloneDxVersions = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'] as const;

export function checkCycloneDxVersion(version: string, path: string): void {
  if ((cycloneDxVersions as readonly string[]).includes(version)) return;
  throw new ParseError('ERR_OSPO_SBOM_VERSION', `${path}: CycloneDX ${version} is not supported`, {
    hint: `Supported CycloneDX versions: ${cycloneDxVersions.join(', ')}.`,
  });
}

/**
 * Components (nested ones too) with a purl of an OSV ecosystem become packages; `dependencies` become
 * edges between their purls; the subject's own dependencies mark packages direct.
 */
export function inventoryFromCycloneDx(doc: CdxDocument): SbomReadResult {
  const builder = new InventoryBuilder();
  const refs = new Map<string, string>();
  const subject = doc.subject
    ? subjectOf(doc.subject.name, doc.subject.version, doc.subject.purl)
    : undefined;
  const subjectRef = doc.subject?.ref;
  if (subjectRef && subject?.purl) refs.set(subjectRef, subject.purl);

  const visit = (component: CdxComponent) => {
    if (isProjectNode(component)) {
      // ours: an edge end that is the project's own module, not a package
      const purl = projectNodePurl(component.purl);
      if (component.ref && purl) refs.set(component.ref, purl);
    } else {
      const purl = builder.add({
        purl: component.purl,
        scope: scopeOf(component),
        direct: directOf(component),
        licenses: component.licenses,
        locations: component.locations,
      });
      if (purl && component.ref) refs.set(component.ref, purl);
    }
    for (const child of component.components) visit(child);
  };
  for (const component of doc.subject?.components ?? []) visit(component);
  for (const component of doc.components) visit(component);

  const direct = new Set<string>();
  let subjectListed = false;
  for (const dependency of doc.dependencies) {
    const fromSubject = subjectRef !== undefined && dependency.ref === subjectRef;
    subjectListed ||= fromSubject;
    for (const target of dependency.dependsOn) {
      const to = refs.get(target);
      if (fromSubject && to) direct.add(to);
      if (fromSubject && !subject?.purl) continue;
      builder.edge(refs.get(dependency.ref), to);
    }
  }
  if (subjectListed) builder.markDirect(direct);
  return builder.build(subject);
}

function isProjectNode(component: CdxComponent): boolean {
  return component.properties.some((p) => p.name === projectRole.name && p.value === projectRole.value);
}

/** `required` is prod, `optional` optional, `excluded` (not shipped: build and test tools) dev. */
function scopeOf(component: CdxComponent): Scope {
  const own = component.properties.find((p) => p.name === 'ospokit:scope')?.value;
  if (isScope(own)) return own;
  switch (component.scope) {
    case 'required':
      return 'prod';
    case 'optional':
      return 'optional';
    case 'excluded':
      return 'dev';
    default:
      return 'unknown';
  }
}

function directOf(component: CdxComponent): boolean | null {
  const own = component.properties.find((p) => p.name === 'ospokit:direct')?.value;
  return own === 'true' ? true : own === 'false' ? false : null;
}
