import type { Scope } from '../../../core/inventory.js';
import {
  InventoryBuilder,
  projectAnnotation,
  projectNodePurl,
  type SbomReadResult,
  subjectOf,
} from '../inventory-builder.js';
import { enumValue, field, first, objects, type Spdx3Node, strings } from './graph.js';

/** Package classes: `software_Package` and its subclasses. */
const packageTypes = new Set(['Package', 'AIPackage', 'DatasetPackage']);
const collectionTypes = new Set(['Sbom', 'Bom', 'SpdxDocument', 'Bundle']);

/** Relationship types that are dependency edges `from` → `to`, with the scope they give `to`. */
const dependencyTypes: Record<string, Scope> = {
  dependsOn: 'unknown',
  hasOptionalDependency: 'optional',
  hasProvidedDependency: 'peer',
};

/** `LifecycleScopedRelationship.scope` of a dependency edge, as an inventory scope. */
const lifecycleScopes: Record<string, Scope> = {
  build: 'dev',
  development: 'dev',
  test: 'dev',
  runtime: 'prod',
};

interface Relationship {
  from: string;
  type: string;
  to: string[];
  scope: string | undefined;
}

/**
 * Packages with a purl of an OSV ecosystem become packages; dependency relationships become edges; the
 * one package the SBOM describes (its `rootElement` or a `describes` target, when there are other
 * packages) is the subject. Packages our writer annotated as the project's own are edge ends only.
 */
export function inventoryFromSpdx3(nodes: readonly Spdx3Node[]): SbomReadResult {
  const byId = new Map<string, Spdx3Node>();
  for (const node of nodes) if (node.id !== undefined && !byId.has(node.id)) byId.set(node.id, node);
  const relationships = nodes.filter((n) => n.type.endsWith('Relationship')).map(relationshipOf);
  const projects = new Set(
    nodes
      .filter((n) => n.type === 'Annotation' && first(n.props.get('statement')) === projectAnnotation)
      .flatMap((n) => strings(n.props.get('subject'))),
  );
  const packages = nodes.filter(
    (n) => packageTypes.has(n.type) && (n.id === undefined || byId.get(n.id) === n),
  );
  const own = packages.filter((p) => p.id === undefined || !projects.has(p.id));

  const roots = new Set<string>();
  for (const n of nodes)
    if (collectionTypes.has(n.type)) for (const r of strings(n.props.get('rootElement'))) roots.add(r);
  for (const r of relationships) {
    const fromType = byId.get(r.from)?.type;
    if (r.type === 'describes' && fromType && collectionTypes.has(fromType))
      for (const t of r.to) roots.add(t);
  }
  const described = own.filter((p) => p.id !== undefined && roots.has(p.id));
  const subjectNode = described.length === 1 && own.length > 1 ? described[0] : undefined;
  const subject = subjectNode
    ? subjectOf(
        first(subjectNode.props.get('name')),
        first(subjectNode.props.get('packageVersion')),
        purlOf(subjectNode),
      )
    : undefined;

  const scopes = new Map<string, Scope>();
  for (const r of relationships) {
    const scope = lifecycleScopes[r.scope ?? ''] ?? dependencyTypes[r.type];
    if (scope === undefined || scope === 'unknown') continue;
    for (const t of r.to) scopes.set(t, scope);
  }

  const builder = new InventoryBuilder();
  const purls = new Map<string, string>();
  if (subjectNode?.id && subject?.purl) purls.set(subjectNode.id, subject.purl);
  for (const p of packages) {
    if (p === subjectNode) continue;
    if (p.id !== undefined && projects.has(p.id)) {
      const purl = projectNodePurl(purlOf(p));
      if (purl) purls.set(p.id, purl);
      continue;
    }
    const purl = builder.add({
      purl: purlOf(p),
      scope: (p.id && scopes.get(p.id)) || 'unknown',
      direct: null,
      licenses: p.id ? licensesOf(p.id, relationships, byId) : [],
      locations: [],
    });
    if (purl && p.id) purls.set(p.id, purl);
  }

  const direct = new Set<string>();
  let subjectHasEdges = false;
  for (const r of relationships) {
    if (dependencyTypes[r.type] === undefined) continue;
    const fromSubject = subjectNode !== undefined && r.from === subjectNode.id;
    for (const target of r.to) {
      const to = purls.get(target);
      if (fromSubject) {
        subjectHasEdges = true;
        if (to) direct.add(to);
        if (!subject?.purl) continue;
      }
      builder.edge(purls.get(r.from), to);
    }
  }
  if (subjectHasEdges) builder.markDirect(direct);
  return builder.build(subject);
}

function relationshipOf(node: Spdx3Node): Relationship {
  return {
    from: first(node.props.get('from')) ?? '',
    type: enumValue(node.props.get('relationshipType')) ?? '',
    to: strings(node.props.get('to')),
    scope: enumValue(node.props.get('scope')),
  };
}

/** `software_packageUrl`, else an `externalIdentifier` of type `packageUrl`. */
function purlOf(node: Spdx3Node): string | undefined {
  const direct = first(node.props.get('packageUrl'));
  if (direct) return direct;
  for (const identifier of objects(node.props.get('externalIdentifier'))) {
    if (enumValue(field(identifier, 'externalIdentifierType')) === 'packageUrl') {
      const text = first(field(identifier, 'identifier'));
      if (text) return text;
    }
  }
  return undefined;
}

/** Declared licenses, else concluded ones; one license per `to`. */
function licensesOf(
  id: string,
  relationships: readonly Relationship[],
  byId: Map<string, Spdx3Node>,
): string[] {
  for (const type of ['hasDeclaredLicense', 'hasConcludedLicense']) {
    const targets = relationships.filter((r) => r.type === type && r.from === id).flatMap((r) => r.to);
    const licenses = targets.flatMap((t) => licenseText(t, byId));
    if (licenses.length) return licenses;
  }
  return [];
}

function licenseText(target: string, byId: Map<string, Spdx3Node>): string[] {
  const node = byId.get(target);
  if (!node) {
    if (/(NoAssertion|None)License$/.test(target)) return [];
    const listed = /spdx\.org\/licenses\/([A-Za-z0-9.+-]+)$/.exec(target)?.[1];
    return listed ? [listed] : [];
  }
  if (node.type === 'ListedLicense') return strings(node.id?.match(/[^/#]+$/)?.[0]);
  if (node.type !== 'LicenseExpression') return strings(node.props.get('name')).slice(0, 1);
  const expression = first(node.props.get('licenseExpression'))?.trim();
  if (!expression) return [];
  // our own names: a bare LicenseRef- mapped to a SimpleLicensingText that holds the original name
  const uri = objects(node.props.get('customIdToUri')).find((e) => first(field(e, 'key')) === expression);
  const text = uri ? byId.get(first(field(uri, 'value')) ?? '') : undefined;
  const name = text ? (first(text.props.get('name')) ?? first(text.props.get('licenseText'))) : undefined;
  return [name ?? expression];
}
