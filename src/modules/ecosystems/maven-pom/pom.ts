import { z } from 'zod';
import { expectShape, parseXmlFile } from '../../../core/formats.js';

/**
 * One pom.xml as written, before inheritance or interpolation. fast-xml-parser gives an object for one
 * child and an array for several, a string for text and '' for an empty element: normalized here.
 */
export interface PomDependency {
  groupId?: string | undefined;
  artifactId?: string | undefined;
  version?: string | undefined;
  scope?: string | undefined;
  optional?: string | undefined;
  type?: string | undefined;
  classifier?: string | undefined;
}

export interface Pom {
  groupId?: string | undefined;
  artifactId?: string | undefined;
  version?: string | undefined;
  parent?:
    | {
        groupId?: string | undefined;
        artifactId?: string | undefined;
        version?: string | undefined;
        relativePath?: string | undefined;
      }
    | undefined;
  properties: Map<string, string>;
  dependencies: PomDependency[];
  managed: PomDependency[];
}

const leaf = z.preprocess(toText, z.string().optional());
const dependencyShape = z.object({
  groupId: leaf,
  artifactId: leaf,
  version: leaf,
  scope: leaf,
  optional: leaf,
  type: leaf,
  classifier: leaf,
});
const dependenciesShape = z.preprocess(
  (v) => (isRecord(v) ? toList(v.dependency) : []),
  z.array(dependencyShape),
);
const projectShape = z.object({
  groupId: leaf,
  artifactId: leaf,
  version: leaf,
  parent: z.preprocess(
    (v) => (isRecord(v) ? v : undefined),
    z.object({ groupId: leaf, artifactId: leaf, version: leaf, relativePath: leaf }).optional(),
  ),
  properties: z.preprocess((v) => (isRecord(v) ? v : {}), z.record(z.string(), z.unknown())),
  dependencies: dependenciesShape,
  dependencyManagement: z.preprocess(
    (v) => (isRecord(v) ? v : {}),
    z.object({ dependencies: dependenciesShape }),
  ),
});
const pomShape = z.object({ project: z.preprocess((v) => (v === '' ? {} : v), projectShape) });

/** Parse a pom.xml; throws ERR_OSPO_PARSE for bad XML, ERR_OSPO_PARSE_SHAPE without a <project> root. */
export function readPom(content: string, path: string): Pom {
  const { project } = expectShape(pomShape, parseXmlFile(content, path), path, 'Maven POM');
  const properties = new Map<string, string>();
  for (const [key, value] of Object.entries(project.properties)) {
    if (key.startsWith('@_') || key === '#text') continue;
    properties.set(key, toText(value) ?? '');
  }
  return {
    groupId: project.groupId,
    artifactId: project.artifactId,
    version: project.version,
    parent: project.parent,
    properties,
    dependencies: project.dependencies,
    managed: project.dependencyManagement.dependencies,
  };
}

/** Text of an element: a string, the `#text` of one with attributes, the last of repeated ones. */
function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return toText(value[value.length - 1]);
  if (isRecord(value)) return '#text' in value ? toText(value['#text']) : '';
  return undefined;
}

function toList(value: unknown): Record<string, unknown>[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter(isRecord);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
