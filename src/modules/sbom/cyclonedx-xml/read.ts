import { OspoError, ParseError } from '../../../core/errors.js';
import { parseXmlFile } from '../../../core/formats.js';
import { type CdxComponent, checkCycloneDxVersion, inventoryFromCycloneDx } from '../cyclonedx-model.js';
import type { SbomReadResult } from '../inventory-builder.js';

type Node = Record<string, unknown>;

const namespacePattern = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

/** CycloneDX XML 1.2 to 1.7, in the default namespace (`<bom xmlns="http://cyclonedx.org/schema/bom/1.x">`). */
export function readCycloneDxXml(content: string, path: string): SbomReadResult {
  const root = parseXml(content, path);
  const bom = root.bom;
  const namespace = isNode(bom) ? text(bom['@_xmlns']) : undefined;
  const version = namespace ? namespacePattern.exec(namespace)?.[1] : undefined;
  if (!isNode(bom) || !version) {
    throw new ParseError(
      'ERR_OSPO_PARSE_SHAPE',
      `${path}: not a CycloneDX XML document (no <bom> in its namespace)`,
      {
        hint: 'Expected <bom xmlns="http://cyclonedx.org/schema/bom/1.x"> as the root element.',
      },
    );
  }
  checkCycloneDxVersion(version, path);
  const metadata = first(bom.metadata);
  const subject = first(metadata?.component);
  return inventoryFromCycloneDx({
    specVersion: version,
    ...(subject ? { subject: component(subject) } : {}),
    components: children(bom.components, 'component').map(component),
    dependencies: children(bom.dependencies, 'dependency').flatMap((d) => {
      const ref = text(d['@_ref']);
      if (!ref) return [];
      const dependsOn = list(d.dependency).flatMap((t) => text(t['@_ref']) ?? []);
      return [{ ref, dependsOn }];
    }),
  });
}

/**
 * fast-xml-parser's parser can still throw on input its validator passed (e.g. an unclosed `<?` tag);
 * core/formats.ts does not catch that yet, so it is turned into the same ParseError here.
 */
function parseXml(content: string, path: string): Node {
  try {
    return parseXmlFile(content, path);
  } catch (error) {
    if (error instanceof OspoError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid XML (${message})`, { cause: error });
  }
}

function component(node: Node): CdxComponent {
  const licenses: string[] = [];
  for (const licensesNode of list(node.licenses)) {
    for (const license of list(licensesNode.license)) {
      const value = text(license.id) ?? text(license.name);
      if (value) licenses.push(value);
    }
    for (const expression of asArray(licensesNode.expression)) {
      const value = text(expression);
      if (value) licenses.push(value);
    }
  }
  const ref = text(node['@_bom-ref']);
  const name = text(node.name);
  const version = text(node.version);
  const purl = text(node.purl);
  const scope = text(node.scope);
  const evidence = first(node.evidence);
  return {
    ...(ref ? { ref } : {}),
    ...(name ? { name } : {}),
    ...(version ? { version } : {}),
    ...(purl ? { purl } : {}),
    ...(scope ? { scope } : {}),
    licenses,
    locations: children(evidence?.occurrences, 'occurrence').flatMap((o) => text(o.location) ?? []),
    properties: children(node.properties, 'property').flatMap((p) => {
      const propertyName = text(p['@_name']);
      const value = text(p);
      return propertyName ? [{ name: propertyName, ...(value ? { value } : {}) }] : [];
    }),
    components: children(node.components, 'component').map(component),
  };
}

/** `<wrapper><item/><item/></wrapper>` → the items, whatever the parser made of one or many. */
function children(wrapper: unknown, tag: string): Node[] {
  return list(wrapper).flatMap((w) => list(w[tag]));
}

function list(value: unknown): Node[] {
  return asArray(value).filter(isNode);
}

function first(value: unknown): Node | undefined {
  return list(value)[0];
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Element text (or an attribute), entities decoded; elements with attributes keep it in `#text`. */
function text(value: unknown): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const string = isNode(raw) ? raw['#text'] : raw;
  if (typeof string !== 'string' && typeof string !== 'number') return undefined;
  const decoded = decodeEntities(String(string)).trim();
  return decoded === '' ? undefined : decoded;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (entity, body: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (body in named) return named[body] ?? entity;
    const code = body.startsWith('#x')
      ? Number.parseInt(body.slice(2), 16)
      : Number.parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
