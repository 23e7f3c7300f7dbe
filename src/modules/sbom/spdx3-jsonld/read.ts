import { z } from 'zod';
import { ParseError } from '../../../core/errors.js';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { SbomReadResult } from '../inventory-builder.js';
import { collectNodes, first, type Spdx3Node, strings } from './graph.js';
import { inventoryFromSpdx3 } from './model.js';

export const spdx3Version = '3.0.1';

const headerShape = z.object({ '@context': z.unknown().optional() }).catchall(z.unknown());
const graphShape = z.object({ '@graph': z.array(z.record(z.string(), z.unknown())) });

/** SPDX 3.0.1 JSON-LD: a `@graph` of elements, or (rarely) one element at the top. */
export function readSpdx3JsonLd(content: string, path: string): SbomReadResult {
  const json = parseJsonFile(content, path);
  const header = expectShape(headerShape, json, path, 'SPDX 3 JSON-LD document');
  const graph =
    '@graph' in header
      ? expectShape(graphShape, header, path, 'SPDX 3 JSON-LD document')['@graph']
      : [header];
  const nodes = collectNodes(graph);
  checkVersion(header['@context'], nodes, path);
  return inventoryFromSpdx3(nodes);
}

/** The version the `@context` IRI and every `CreationInfo.specVersion` name must be 3.0.1. */
function checkVersion(context: unknown, nodes: readonly Spdx3Node[], path: string): void {
  const versions = new Set<string>();
  for (const iri of strings(context)) {
    const version = /spdx\.org\/rdf\/(\d+(?:\.\d+)*)\//.exec(iri)?.[1];
    if (version) versions.add(version);
  }
  for (const node of nodes) {
    if (node.type !== 'CreationInfo') continue;
    const version = first(node.props.get('specVersion'));
    if (version) versions.add(version);
  }
  if (versions.size === 0) {
    throw new ParseError(
      'ERR_OSPO_PARSE_SHAPE',
      `${path}: not an SPDX 3 JSON-LD document (no SPDX version)`,
      {
        hint: `Expected an "@context" of https://spdx.org/rdf/${spdx3Version}/spdx-context.jsonld.`,
      },
    );
  }
  const other = [...versions].find((v) => v !== spdx3Version);
  if (other === undefined) return;
  throw new ParseError('ERR_OSPO_SBOM_VERSION', `${path}: SPDX ${other} is not supported`, {
    hint: `Supported SPDX 3 version: ${spdx3Version} (and SPDX 2.2/2.3).`,
  });
}
