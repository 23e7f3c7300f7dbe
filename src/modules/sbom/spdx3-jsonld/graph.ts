/**
 * SPDX 3 JSON-LD as found in the wild, read into plain nodes. Documents use the compact form the 3.0.1
 * context defines (`type`, `spdxId`, `software_packageUrl`), the JSON-LD keywords (`@type`, `@id`), older
 * unprefixed names (`Package`, `packageUrl`), full IRIs for types, keys and enum values, single values
 * where the schema has lists, and elements nested inline. All of them read the same here.
 */
export interface Spdx3Node {
  /** `spdxId` or `@id`: an IRI, or a blank node `_:...`. */
  id: string | undefined;
  /** The class name without namespace or profile prefix: `Package`, `Relationship`, `LicenseExpression`. */
  type: string;
  /** Properties by local name without profile prefix: `packageUrl`, `licenseExpression`, `from`, `to`. */
  props: Map<string, unknown>;
}

type JsonObject = Record<string, unknown>;

/** Deep enough for every real document; bounds recursion on hostile input. */
const maxDepth = 32;

/** Every node of the graph, those nested in other nodes' values too (typed objects only). */
export function collectNodes(graph: readonly unknown[]): Spdx3Node[] {
  const out: Spdx3Node[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const node = toNode(value);
    if (node) out.push(node);
    for (const [key, child] of Object.entries(value)) if (!key.startsWith('@')) visit(child, depth + 1);
  };
  for (const item of graph) visit(item, 0);
  return out;
}

function toNode(value: JsonObject): Spdx3Node | undefined {
  const type = first(value.type ?? value['@type']);
  if (type === undefined) return undefined;
  const props = new Map<string, unknown>();
  for (const [key, child] of Object.entries(value)) {
    if (key === 'type' || key.startsWith('@')) continue;
    props.set(localName(key), child);
  }
  const id = first(value.spdxId ?? value['@id']);
  return { id, type: localName(type), props };
}

/** `software_packageUrl`, `https://spdx.org/rdf/3.0.1/terms/Software/packageUrl`, `packageUrl`: `packageUrl`. */
export function localName(name: string): string {
  return name.replace(/^.*[/#]/, '').replace(/^[a-z]+_/, '');
}

/** The last segment of an enum value: `dependsOn` for `spdx:Core/RelationshipType/dependsOn` too. */
export function enumValue(value: unknown): string | undefined {
  const text = first(value);
  return text === undefined ? undefined : text.replace(/^.*[/#]/, '');
}

/** A property's values as strings: plain strings, `{"@id"}`/`{"@value"}` objects, inline elements' ids. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? [] : strings(v)));
  if (!isObject(value)) return [];
  const text = value['@id'] ?? value['@value'] ?? value.spdxId;
  return typeof text === 'string' ? [text] : [];
}

export function first(value: unknown): string | undefined {
  return strings(value)[0];
}

/** A property's values that are objects (inline `ExternalIdentifier`s, `DictionaryEntry`s). */
export function objects(value: unknown): JsonObject[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter(isObject);
}

/** A key of an inline object, whatever form its name takes. */
export function field(value: JsonObject, name: string): unknown {
  for (const [key, child] of Object.entries(value)) if (localName(key) === name) return child;
  return undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
